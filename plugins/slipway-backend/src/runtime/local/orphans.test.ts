import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { send } from '../../routing/builtin/testing/http';
import { Unsandboxed } from '../../sandbox';
import { describeWithBubblewrap } from '../../sandbox/__testUtils__/testSandbox';
import { LocalRuntime } from './LocalRuntime';
import {
  alive,
  desired,
  eventually,
  groupAlive,
  makeDataDir,
  recordedGroups,
  testSettings,
  writeSlug,
} from './testing/fixtures';

jest.setTimeout(90_000);

/** A backend stand-in in its own process: starts an app, reports, then waits to be killed. */
const BACKEND = `
const { LocalRuntime } = require(process.env.RUNTIME_MODULE);
const { Unsandboxed } = require(process.env.SANDBOX_MODULE);
const { desired, testSettings } = require(process.env.FIXTURES_MODULE);
const logger = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } };
const sandbox = process.env.UNSANDBOXED ? new Unsandboxed('test') : undefined;
const runtime = new LocalRuntime(testSettings(process.env.DATA_DIR), logger, sandbox);
runtime
  .apply(desired('shop', 2, process.env.IMAGE, { structure: { web: 2, worker: 1 } }))
  .then(result => console.log(JSON.stringify(result)));
setInterval(() => {}, 1000);
`;

/** Starts a backend stand-in that applies shop v2 (web 2, worker 1); resolves with its result. */
async function startBackend(
  dataDir: string,
  image: string,
  unsandboxed: boolean,
) {
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
        SANDBOX_MODULE: require.resolve('../../sandbox'),
        FIXTURES_MODULE: require.resolve('./testing/fixtures'),
        DATA_DIR: dataDir,
        IMAGE: image,
        ...(unsandboxed ? { UNSANDBOXED: '1' } : {}),
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
  return { backend, first };
}

describeWithBubblewrap('LocalRuntime when its backend dies', () => {
  it('sandboxed processes die with the backend: nothing is left running', async () => {
    const dataDir = await makeDataDir();
    try {
      const image = await writeSlug(dataDir);
      const { backend, first } = await startBackend(dataDir, image, false);
      expect(first.status).toBe('ready');
      const groups = Object.values(recordedGroups(dataDir, 'shop'));
      expect(groups).toHaveLength(3);
      for (const pid of groups) expect(groupAlive(pid)).toBe(true);
      backend.kill('SIGKILL');
      await new Promise(resolve => backend.once('exit', resolve));
      await eventually(() => groups.every(pid => !groupAlive(pid)), 10_000);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('LocalRuntime after an unsandboxed backend crash', () => {
  it('stops the processes a crashed backend left running and starts the release again', async () => {
    const dataDir = await makeDataDir();
    const image = await writeSlug(dataDir);
    const { backend, first } = await startBackend(dataDir, image, true);
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
      new Unsandboxed('test'),
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
