import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// A port below the ephemeral range, which no outgoing connection can take before the backend binds it.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { freePort } from '@slipway/plugin-slipway-backend/src/routing/builtin/testing/http';

export { freePort };

const run = promisify(execFile);
const backendDir = path.resolve(__dirname, '../..');
const repoRoot = path.resolve(backendDir, '../..');

export type DevelopmentBackend = {
  baseUrl: string;
  /** The builtin router's HTTP port (apps answer at `<app>.localhost:<port>`). */
  routerPort: number;
  dataDir: string;
  /** A Backstage token of a development user: `guest` (guest sign-in) or `reviewer`. */
  token(user: 'guest' | 'reviewer'): Promise<string>;
  /** Calls the Slipway REST API as `user`. */
  api(
    user: 'guest' | 'reviewer',
    method: string,
    url: string,
    body?: object,
  ): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
};

/**
 * The development portal's backend (packages/backend/src/index.ts with app-config.yaml: runtime local,
 * SQLite in memory, guest sign-in), started as a child process in development mode on free ports,
 * with its data in a temporary directory. Resolves once Slipway answers and the catalog knows the
 * development users.
 */
export async function startDevelopmentBackend(): Promise<DevelopmentBackend> {
  const [port, routerPort, httpsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-devbackend-'));
  const dataDir = path.join(dir, 'data');
  const baseUrl = `http://localhost:${port}`;
  fs.writeFileSync(
    path.join(dir, 'override.yaml'),
    JSON.stringify({
      backend: { baseUrl, listen: { port } },
      slipway: {
        dataDir,
        builtin: { httpPort: routerPort, httpsPort },
        local: { drainSeconds: 1, stopTimeout: 2 },
      },
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      path.join(dir, 'override.yaml'),
    ],
    {
      cwd: backendDir,
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: stop() ends it with whatever it started.
      detached: true,
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  const tokens = new Map<string, string>();
  const token = async (user: 'guest' | 'reviewer') => {
    if (!tokens.has(user)) {
      const url =
        user === 'guest'
          ? `${baseUrl}/api/auth/guest/refresh?env=development`
          : `${baseUrl}/api/auth/development-user/refresh?env=development&user=${user}`;
      const response = await fetch(url, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (!response.ok) {
        throw new Error(`${user} sign-in: ${response.status}`);
      }
      tokens.set(
        user,
        (await response.json()).backstageIdentity.token as string,
      );
    }
    return tokens.get(user)!;
  };
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // gone already
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }, 10_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The development backend exited:\n${output}`);
    }
    try {
      // Up, and the catalog has read examples/org.yaml (reviewer signs in through it).
      if ((await fetch(`${baseUrl}/api/slipway/health`)).ok) {
        await token('reviewer');
        break;
      }
    } catch {
      // not yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The development backend did not start:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }

  return {
    baseUrl,
    routerPort,
    dataDir,
    token,
    async api(user, method, url, body) {
      const response = await fetch(`${baseUrl}/api/slipway${url}`, {
        method,
        headers: {
          Authorization: `Bearer ${await token(user)}`,
          ...(body && { 'Content-Type': 'application/json' }),
        },
        body: body && JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
      };
    },
    stop,
  };
}

/**
 * Pushes a one-file Node app printing `<line> <ms since epoch>` every 200 ms to `app` with the stock git client and a
 * fresh deploy token; resolves when its release is out (the push waits for it).
 */
export async function pushTickerApp(
  backend: DevelopmentBackend,
  app: string,
  line: string,
): Promise<void> {
  const token = (
    await backend.api('guest', 'POST', `/apps/${app}/tokens`, {
      description: 'test push',
    })
  ).body.token;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-source-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'server.js'),
      `setInterval(() => console.log(${JSON.stringify(
        line,
      )} + ' ' + Date.now()), 200);\n` +
        "require('http').createServer((q, s) => s.end('ok\\n')).listen(process.env.PORT);\n",
    );
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: app,
        private: true,
        scripts: { start: 'node server.js' },
      }),
    );
    const git = (...args: string[]) =>
      run('git', args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
          HOME: dir,
        },
      });
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git(
      '-c',
      'user.email=guest@example.com',
      '-c',
      'user.name=Guest',
      'commit',
      '-qm',
      'first',
    );
    const remote = `${backend.baseUrl.replace(
      '//',
      `//guest:${token}@`,
    )}/api/slipway/git/${app}.git`;
    const push = await git('push', remote, 'main');
    if (!/Released v\d+/.test(push.stderr)) {
      throw new Error(`push did not release:\n${push.stderr}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
