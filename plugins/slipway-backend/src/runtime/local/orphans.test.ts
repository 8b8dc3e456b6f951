import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { send } from '../../router/builtin/testing/http';
import { LocalRuntime } from './LocalRuntime';
import {
  alive,
  desired,
  eventually,
  makeDataDir,
  testSettings,
  writeSlug,
} from './testing/fixtures';

jest.setTimeout(90_000);

/** A backend stand-in in its own process: starts an app, reports, then waits to be killed. */
const BACKEND = `
const { LocalRuntime } = require(process.env.RUNTIME_MODULE);
const { desired, testSettings } = require(process.env.FIXTURES_MODULE);
const logger = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } };
const runtime = new LocalRuntime(testSettings(process.env.DATA_DIR), logger);
runtime
  .apply(desired('shop', 2, process.env.IMAGE, { structure: { web: 2, worker: 1 } }))
  .then(result => console.log(JSON.stringify(result)));
setInterval(() => {}, 1000);
`;

describe('LocalRuntime after a backend crash', () => {
  it('stops the processes a crashed backend left running and starts the release again', async () => {
    const dataDir = await makeDataDir();
    const image = await writeSlug(dataDir);
    const script = path.join(dataDir, 'backend.js');
    fs.writeFileSync(script, BACKEND);
    const backend = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        script,
      ],
      {
        env: {
          ...process.env,
          RUNTIME_MODULE: require.resolve('./LocalRuntime'),
          FIXTURES_MODULE: require.resolve('./testing/fixtures'),
          DATA_DIR: dataDir,
          IMAGE: image,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    backend.stdout!.on('data', chunk => {
      output += chunk;
    });
    const first = await eventually(
      () => output.includes('\n') && JSON.parse(output),
      60_000,
    );
    expect(first.status).toBe('ready');
    const leftovers: number[] = await Promise.all(
      first.upstream.addresses.map(async (address: string) => {
        const reply = await send(Number(address.split(':')[1]), 'direct');
        return JSON.parse(reply.body).pid;
      }),
    );
    backend.kill('SIGKILL');
    await new Promise(resolve => backend.once('exit', resolve));
    for (const pid of leftovers) expect(alive(pid)).toBe(true); // orphaned, still running

    const fresh = new LocalRuntime(
      testSettings(dataDir),
      mockServices.logger.mock(),
    );
    try {
      const result = await fresh.apply(
        desired('shop', 2, image, { structure: { web: 2, worker: 1 } }),
      );
      expect(result.status).toBe('ready');
      expect(result.drift).toEqual([
        expect.stringMatching(
          /stopped 3 process\(es\) left running by a previous backend run \(web.1, web.2, worker.1\)/,
        ),
      ]);
      for (const pid of leftovers) expect(alive(pid)).toBe(false);
      const answer = JSON.parse(
        (
          await send(
            Number(result.upstream!.addresses[0].split(':')[1]),
            'direct',
          )
        ).body,
      );
      expect(answer.release).toBe('v2');
      expect(leftovers).not.toContain(answer.pid);
      // Only once per backend run.
      expect(
        (
          await fresh.apply(
            desired('shop', 2, image, { structure: { web: 2, worker: 1 } }),
          )
        ).drift,
      ).toBeUndefined();
    } finally {
      await fresh.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
