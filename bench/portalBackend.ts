/*
 * A portal backend of its own for a bench that drives one over HTTP (bench:push in smoke mode): the repository's
 * packages/backend on its embedded defaults (app-config.yaml), started with `backstage-cli package start` on free
 * ports and a scratch data directory, so it neither needs nor disturbs a backend already running here.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..');
// Bounded: a cold start on a loaded 2-core machine takes well under this.
const START_TIMEOUT_MS = 180_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type PortalBackend = {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** Where the builtin router serves `<app>.localhost`. */
  routerPort: number;
  stop(): Promise<void>;
};

export async function startPortalBackend(): Promise<PortalBackend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-backend-'));
  const [port, routerPort, httpsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const url = `http://127.0.0.1:${port}`;
  const config = path.join(dir, 'app-config.bench.yaml');
  fs.writeFileSync(
    config,
    JSON.stringify({
      backend: { baseUrl: url, listen: { port } },
      slipway: {
        dataDir: path.join(dir, 'data'),
        builtin: { httpPort: routerPort, httpsPort },
      },
    }),
  );
  const log = path.join(dir, 'backend.log');
  const out = fs.openSync(log, 'w');
  // A process group of its own, so that stopping it also ends what it started.
  const child = spawn(
    process.execPath,
    [
      require.resolve('@backstage/cli/bin/backstage-cli'),
      'package',
      'start',
      '--config',
      path.join(REPO, 'app-config.yaml'),
      '--config',
      config,
    ],
    {
      cwd: path.join(REPO, 'packages/backend'),
      detached: true,
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  let exited = false;
  const exit = new Promise<void>(resolve =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const killed = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exit;
      clearTimeout(killed);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !exited) {
    const ready = await fetch(`${url}/api/auth/guest/refresh`).then(
      r => r.ok,
      () => false,
    );
    if (ready) return { url, routerPort, stop };
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
  await stop();
  throw new Error(
    `the portal backend did not start within ${START_TIMEOUT_MS / 1000} s${
      exited ? ' (it exited)' : ''
    }:\n${tail}`,
  );
}
