import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { ConfigReader } from '@backstage/config';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import type { Build, Release } from '@slipway/plugin-slipway-common';
import type { BuildExecutor } from '@slipway/plugin-slipway-node';
import { createLocalBuildExecutor } from '../build/local';
import { createGitRouter } from './router';
import { GitRepositories } from './repositories';
import type { BuildToRecord, GitRemoteDeps } from './types';

/*
 * The git remote against the real git client and the real git server side (git http-backend,
 * receive-pack and the pre-receive hook), building with the real local build executor and npm.
 * The four ledger dependencies (tokens, apps, builds, releases) are in-memory test doubles here:
 * the ledger has its own tests, and these record what the remote asked of it.
 */

jest.setTimeout(180_000);

const TOKEN = 'sw_deploytoken_0123456789';
const OTHER_APPS_TOKEN = 'sw_deploytoken_of_another_app';

type Recorded = {
  app: string;
  record: BuildToRecord;
  user: string;
  release?: number;
};

let root: string;
let dataDir: string;
let server: http.Server | undefined;
let baseUrl: string;
let recorded: Recorded[];
let releaseOutcome: Pick<Release, 'status' | 'reason'>;
let buildIntervals: Array<{ sha: string; start: number; end: number }>;
/**
 * The router's port as builds see it: sandboxed builds reach the host's loopback only there (see
 * README, "Trust model"), so a test that signals a build listens on it.
 */
let routerPort: number;

beforeAll(async () => {
  const free = http.createServer();
  await new Promise<void>(resolve => free.listen(0, '127.0.0.1', resolve));
  routerPort = (free.address() as AddressInfo).port;
  await new Promise(resolve => free.close(resolve));
});

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-git-test-'));
  dataDir = path.join(root, 'data');
  await new GitRepositories(dataDir).ensureRepository('myapp');
  await start();
});

/** Serves the git remote on an ephemeral port (again, with `options`, when a test needs other settings). */
async function start(options: Partial<GitRemoteDeps> = {}) {
  const previous = server;
  if (previous) await new Promise(resolve => previous.close(resolve));
  recorded = [];
  buildIntervals = [];
  releaseOutcome = { status: 'succeeded' };
  const logger = mockServices.logger.mock();
  const local = createLocalBuildExecutor({
    config: new ConfigReader({
      slipway: { builtin: { httpPort: routerPort } },
    }),
    logger,
    dataDir,
    platformDomain: 'localhost',
  });
  // The real executor, timed, to check that builds of one app never overlap.
  const buildExecutor: BuildExecutor = {
    async build(request) {
      const startedAt = Date.now();
      try {
        return await local.build(request);
      } finally {
        buildIntervals.push({
          sha: request.sha,
          start: startedAt,
          end: Date.now(),
        });
      }
    },
  };
  const apps = new Set(['myapp', 'otherapp']);
  let version = 1;
  const deps: GitRemoteDeps = {
    dataDir,
    logger,
    buildExecutor,
    tokens: {
      async authenticate(app, token) {
        if (app === 'myapp' && token === TOKEN)
          return {
            userEntityRef: 'user:default/jane',
            tokenId: 't1',
            owner: 'user:default/jane',
          };
        if (app === 'otherapp' && token === OTHER_APPS_TOKEN)
          return {
            userEntityRef: 'user:default/joe',
            tokenId: 't2',
            owner: 'user:default/joe',
          };
        return undefined;
      },
      recheck: async () => undefined,
    },
    apps: {
      exists: async app => apps.has(app),
      url: async app => `http://${app}.localhost:8080`,
    },
    builds: {
      async recordBuild(app, record, user) {
        const build = {
          id: String(recorded.length + 1),
          app,
          image: record.image,
          procfile: record.procfile,
          status: record.status,
          createdBy: user,
          createdAt: new Date().toISOString(),
        } as Build;
        const release =
          record.status === 'succeeded'
            ? ({ app, version: ++version, status: 'pending' } as Release)
            : undefined;
        recorded.push({ app, record, user, release: release?.version });
        return { build, release };
      },
    },
    releases: {
      waitForRelease: async (app, v) =>
        ({ app, version: v, ...releaseOutcome } as Release),
    },
    ...options,
  };
  const app = express();
  app.use('/api/slipway/git', createGitRouter(deps));
  app.use(
    MiddlewareFactory.create({ config: new ConfigReader({}), logger }).error(),
  );
  const listening = app.listen(0, '127.0.0.1');
  await new Promise(resolve => listening.once('listening', resolve));
  server = listening;
  baseUrl = `http://127.0.0.1:${
    (listening.address() as AddressInfo).port
  }/api/slipway/git`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise(resolve => server?.close(resolve));
  server = undefined;
  await fs.rm(root, { recursive: true, force: true });
});

const remote = (app = 'myapp', token = TOKEN) =>
  `${baseUrl.replace('http://', `http://git:${token}@`)}/${app}.git`;

type GitResult = { code: number; stdout: string; stderr: string };

/** Runs the stock git client, isolated from this machine's git config and credentials. */
function gitClient(
  args: string[],
  cwd = root,
  onStderr?: (soFar: string, kill: () => void) => void,
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      // Its own process group, so that `kill` stops it like Ctrl-C does: git and git-remote-http.
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: root,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: path.join(root, 'gitconfig'),
        GIT_TERMINAL_PROMPT: '0',
        GIT_AUTHOR_NAME: 'Jane',
        GIT_AUTHOR_EMAIL: 'jane@example.com',
        GIT_COMMITTER_NAME: 'Jane',
        GIT_COMMITTER_EMAIL: 'jane@example.com',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => {
      stderr += d;
      onStderr?.(stderr, () => process.kill(-child.pid!, 'SIGINT'));
    });
    child.on('error', reject);
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A working copy with one commit of `files`; returns its directory and the commit. */
async function workingCopy(name: string, files: Record<string, string>) {
  const dir = path.join(root, name);
  await fs.mkdir(dir, { recursive: true });
  await gitClient(['init', '--quiet', '--initial-branch=main'], dir);
  return { dir, sha: await commit(dir, files) };
}

async function commit(
  dir: string,
  files: Record<string, string>,
  message = 'change',
) {
  for (const [file, content] of Object.entries(files)) {
    await fs.writeFile(path.join(dir, file), content);
  }
  await gitClient(['add', '.'], dir);
  await gitClient(['commit', '--quiet', '-m', message], dir);
  return (await gitClient(['rev-parse', 'HEAD'], dir)).stdout.trim();
}

/** The refs of the app's repository as the server has them. */
async function serverRefs(app = 'myapp') {
  return (
    await gitClient([
      '--git-dir',
      path.join(dataDir, 'repos', `${app}.git`),
      'for-each-ref',
      '--format=%(refname) %(objectname)',
    ])
  ).stdout.trim();
}

const nodeApp = (marker: string) => ({
  'package.json': JSON.stringify({
    name: 'hello',
    version: '1.0.0',
    scripts: {
      start: 'node index.js',
      build: `node -e "console.log('${marker}')"`,
    },
  }),
  'index.js':
    'require("http").createServer((q, s) => s.end("hi")).listen(process.env.PORT)\n',
});

const failingApp = {
  'package.json': JSON.stringify({
    name: 'broken',
    version: '1.0.0',
    scripts: {
      start: 'node index.js',
      build:
        'node -e "console.error(\'SyntaxError: Unexpected token\'); process.exit(1)"',
    },
  }),
};

function httpGet(url: string, headers: Record<string, string> = {}) {
  return fetch(url, { headers }).then(async r => ({
    status: r.status,
    headers: r.headers,
    body: await r.text(),
  }));
}

const basic = (token: string) => ({
  authorization: `Basic ${Buffer.from(`anyone:${token}`).toString('base64')}`,
});

describe('git remote', () => {
  it('clones an empty repository with a deploy token', async () => {
    const clone = await gitClient(['clone', remote(), 'copy']);
    expect(clone.code).toBe(0);
    expect(clone.stderr).toContain('cloned an empty repository');
  });

  it('creates the repository on demand for an app that has none yet', async () => {
    const clone = await gitClient([
      'clone',
      remote('otherapp', OTHER_APPS_TOKEN),
      'copy',
    ]);
    expect(clone.code).toBe(0);
    expect(
      await fs.stat(path.join(dataDir, 'repos', 'otherapp.git', 'HEAD')),
    ).toBeTruthy();
  });

  it('builds a push to main, streams the build to git push, records the build and reports the release', async () => {
    const { dir, sha } = await workingCopy('work', nodeApp('BUILD-MARKER-42'));
    const push = await gitClient(['push', remote(), 'main'], dir);

    expect(push.code).toBe(0);
    expect(push.stderr).toContain(
      `remote: -----> Building myapp ${sha.slice(0, 7)} (main)`,
    );
    expect(push.stderr).toContain('remote: -----> Node.js app detected');
    expect(push.stderr).toContain('remote: BUILD-MARKER-42');
    expect(push.stderr).toContain(
      'remote: Released v2 at http://myapp.localhost:8080',
    );

    expect(recorded).toHaveLength(1);
    const [{ record, user, release }] = recorded;
    expect(user).toBe('user:default/jane');
    expect(release).toBe(2);
    expect(record).toMatchObject({
      sha,
      status: 'succeeded',
      procfile: { web: 'npm start' },
    });
    expect(record.image).toMatch(/^slug:[0-9a-f]{64}$/);
    expect(record.log).toContain('BUILD-MARKER-42');
    const slug = path.join(dataDir, 'slugs', record.image.slice(5));
    expect(await fs.readFile(path.join(slug, 'index.js'), 'utf8')).toContain(
      'createServer',
    );
    expect(await serverRefs()).toBe(`refs/heads/main ${sha}`);

    // The pushed code can be cloned back.
    const clone = await gitClient(['clone', remote(), 'copy']);
    expect(clone.code).toBe(0);
    expect(
      (
        await gitClient(['rev-parse', 'HEAD'], path.join(root, 'copy'))
      ).stdout.trim(),
    ).toBe(sha);
  });

  it('streams build output while the build runs', async () => {
    // The build waits until the router's port accepts connections, which the test opens only after
    // git push has shown the line before: were the output held back until the end, this build would
    // never finish. (The router's port: the sandboxed build sees none of the test's files, and no
    // other port of this machine.)
    const go = http.createServer((_req, res) => res.end());
    const port = routerPort;
    const waitForGo = `console.log('WAITING-FOR-TEST'); const t = setInterval(() => { const s = require('net').connect(${port}, '127.0.0.1'); s.on('connect', () => { s.destroy(); clearInterval(t); console.log('GOT-GO') }); s.on('error', () => {}) }, 50); setTimeout(() => process.exit(3), 60000).unref()`;
    const { dir } = await workingCopy('work', {
      'package.json': JSON.stringify({
        name: 'live',
        version: '1.0.0',
        scripts: { start: 'node .', build: `node -e "${waitForGo}"` },
      }),
    });
    try {
      const push = await gitClient(['push', remote(), 'main'], dir, soFar => {
        if (soFar.includes('remote: WAITING-FOR-TEST') && !go.listening)
          go.listen(port, '127.0.0.1');
      });
      expect(push.code).toBe(0);
      expect(push.stderr).toContain('remote: GOT-GO');
    } finally {
      await new Promise(resolve => go.close(resolve));
    }
  });

  it('cancels the build of a push abandoned by its client, and the next push goes ahead', async () => {
    const hang = `console.log('HANGING'); setTimeout(() => {}, 600000)`;
    const { dir, sha } = await workingCopy('work', {
      'package.json': JSON.stringify({
        name: 'hang',
        version: '1.0.0',
        scripts: { start: 'node .', build: `node -e "${hang}"` },
      }),
    });
    const abandoned = await gitClient(
      ['push', remote(), 'main'],
      dir,
      (soFar, kill) => {
        if (soFar.includes('remote: HANGING')) kill();
      },
    );
    expect(abandoned.code).not.toBe(0);
    await waitFor(() => recorded.length === 1);
    expect(recorded[0].record).toMatchObject({ sha, status: 'failed' });
    expect(recorded[0].record.log).toContain('the build was cancelled');
    expect(await serverRefs()).toBe('');

    const next = await commit(dir, nodeApp('FIXED'));
    const push = await gitClient(['push', remote(), 'main'], dir);
    expect(push.code).toBe(0);
    expect(recorded.map(r => r.record.sha)).toEqual([sha, next]);
  });

  it('rejects a push whose release fails (non-zero exit, with the reason), keeping the recorded build and the ref where it was', async () => {
    releaseOutcome = {
      status: 'failed',
      reason: 'web exited with code 1 before it was ready',
    };
    const { dir, sha } = await workingCopy('work', {
      Procfile: 'web: node server.js\n',
      'server.js': '',
    });
    const push = await gitClient(['push', remote(), 'main'], dir);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain(
      'remote: ! Release v2 failed: web exited with code 1 before it was ready',
    );
    expect(push.stderr).toContain('remote: ! Push rejected');
    expect(push.stderr).toContain('pre-receive hook declined');
    expect(recorded.map(r => r.record.status)).toEqual(['succeeded']);
    expect(await serverRefs()).toBe('');

    // Once the cause is fixed (here: the release succeeds), the same commit pushes and lands.
    releaseOutcome = { status: 'succeeded' };
    const again = await gitClient(['push', remote(), 'main'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('remote: Released v3');
    expect(await serverRefs()).toBe(`refs/heads/main ${sha}`);
  });

  it('rejects a push whose release cannot be followed to its end, saying why', async () => {
    await start({
      releases: {
        waitForRelease: async () => {
          throw new Error('Release v2 of myapp is gone');
        },
      },
    });
    const { dir } = await workingCopy('work', {
      Procfile: 'web: node server.js\n',
      'server.js': '',
    });
    const push = await gitClient(['push', remote(), 'main'], dir);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain(
      'remote: ! Release v2 did not finish: Release v2 of myapp is gone',
    );
    expect(await serverRefs()).toBe('');
  });

  it('accepts a push whose release is still rolling out after the wait, saying where to look', async () => {
    releaseOutcome = { status: 'pending' };
    const { dir, sha } = await workingCopy('work', {
      Procfile: 'web: node server.js\n',
      'server.js': '',
    });
    const push = await gitClient(['push', remote(), 'main'], dir);
    expect(push.code).toBe(0);
    expect(push.stderr).toContain('remote: ! Release v2 is still rolling out');
    expect(await serverRefs()).toBe(`refs/heads/main ${sha}`);
  });

  it('rejects a push whose build fails, recording the failed build with its log and no release', async () => {
    const { dir, sha } = await workingCopy('work', failingApp);
    const push = await gitClient(['push', remote(), 'main'], dir);

    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain('remote: SyntaxError: Unexpected token');
    expect(push.stderr).toContain(
      'remote: ! Build failed: npm run build failed',
    );
    expect(push.stderr).toContain('pre-receive hook declined');

    expect(recorded).toHaveLength(1);
    expect(recorded[0].record).toMatchObject({
      sha,
      status: 'failed',
      image: '',
      procfile: {},
    });
    expect(recorded[0].record.log).toContain('SyntaxError: Unexpected token');
    expect(recorded[0].release).toBeUndefined();
    expect(await serverRefs()).toBe('');
  });

  it('accepts a push to another branch without building', async () => {
    const { dir, sha } = await workingCopy('work', failingApp);
    const push = await gitClient(['push', remote(), 'main:feature/x'], dir);
    expect(push.code).toBe(0);
    expect(push.stderr).not.toContain('Building');
    expect(recorded).toEqual([]);
    expect(await serverRefs()).toBe(`refs/heads/feature/x ${sha}`);
  });

  it('builds a branch pushed before when it is pushed to main (no new objects)', async () => {
    const { dir, sha } = await workingCopy('work', {
      Procfile: 'web: node server.js\n',
      'server.js': '',
    });
    expect(
      (await gitClient(['push', remote(), 'main:feature/x'], dir)).code,
    ).toBe(0);
    const promote = await gitClient(
      ['push', remote(), `${sha}:refs/heads/main`],
      dir,
    );
    expect(promote.code).toBe(0);
    expect(promote.stderr).toContain('remote: Released v2');
    expect(recorded.map(r => r.record.sha)).toEqual([sha]);
  });

  it('refuses a push larger than the limit and changes nothing', async () => {
    await start({ maxPushBytes: 10_000 });
    const { dir } = await workingCopy('work', {
      Procfile: 'web: node server.js\n',
      'data.bin': randomBytes(100_000).toString('base64'),
    });
    const push = await gitClient(['push', remote(), 'main'], dir);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain('pack exceeds maximum allowed size');
    expect(recorded).toEqual([]);
    expect(await serverRefs()).toBe('');
  });

  it('refuses a push whose tree checks out over slipway.local.maxSourceBytes, saying so, and records no release', async () => {
    await start({
      sourceLimits: { maxBytes: 1024 * 1024, maxEntries: 1000, maxDepth: 16 },
    });
    // 4 MiB of zeros: a pack of a few KiB, well under maxPushBytes.
    const { dir } = await workingCopy('work', {
      Procfile: 'web: node server.js\n',
      'zeros.bin': '\0'.repeat(4 * 1024 * 1024),
    });
    const push = await gitClient(['push', remote(), 'main'], dir);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain(
      'remote: ! Build failed: the pushed source is too large: its files add up to more than the 1 MiB allowed (slipway.local.maxSourceBytes)',
    );
    expect(recorded.map(r => r.record.status)).toEqual(['failed']);
    expect(await serverRefs()).toBe('');
  });

  it('answers 401 without a valid deploy token of the app, and a push without one changes nothing', async () => {
    const url = `${baseUrl}/myapp.git/info/refs?service=git-upload-pack`;
    const missing = await httpGet(url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe(
      'Basic realm="Slipway"',
    );
    expect((await httpGet(url, basic('wrong'))).status).toBe(401);
    expect((await httpGet(url, basic(OTHER_APPS_TOKEN))).status).toBe(401);
    expect((await httpGet(url, basic(TOKEN))).status).toBe(200);

    const { dir } = await workingCopy('work', nodeApp('X'));
    const push = await gitClient(
      ['push', remote('myapp', 'wrong'), 'main'],
      dir,
    );
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/Authentication failed/);
    const clone = await gitClient([
      'clone',
      remote('myapp', OTHER_APPS_TOKEN),
      'copy',
    ]);
    expect(clone.code).not.toBe(0);
    expect(recorded).toEqual([]);
    expect(await serverRefs()).toBe('');
  });

  it('answers the same 401 for a missing app as for an existing one, so it cannot be probed', async () => {
    const answer = async (repo: string, headers = {}) => {
      const response = await httpGet(
        `${baseUrl}/${repo}/info/refs?service=git-upload-pack`,
        headers,
      );
      const body = JSON.parse(response.body) as { error: { message: string } };
      return {
        status: response.status,
        challenge: response.headers.get('www-authenticate'),
        message: body.error.message.replace(repo, '<repo>'),
      };
    };
    const existing = await answer('myapp.git');
    expect(existing).toEqual({
      status: 401,
      challenge: 'Basic realm="Slipway"',
      message: 'Use a deploy token of <repo> as the password (any username)',
    });
    for (const repo of ['nosuchapp.git', 'myapp', 'My_App.git']) {
      expect(await answer(repo)).toEqual(existing);
      expect(await answer(repo, basic(TOKEN))).toEqual(existing);
    }
    expect(await answer('myapp.git', basic('slw_guess'))).toEqual(existing);
    const clone = await gitClient(['clone', remote('nosuchapp'), 'copy']);
    expect(clone.code).not.toBe(0);
    expect(clone.stderr).toMatch(/Authentication failed/);
    expect(await fs.readdir(path.join(dataDir, 'repos'))).toEqual([
      'myapp.git',
    ]);
  });

  it('refuses a client repeating a bad token with 429 and Retry-After, but never a valid token nor another app', async () => {
    let now = 1_000_000;
    await start({
      authFailures: {
        maxFailures: 3,
        maxFailuresPerApp: 5,
        windowMs: 60_000,
        now: () => now,
      },
    });
    const url = `${baseUrl}/myapp.git/info/refs?service=git-upload-pack`;
    const other = `${baseUrl}/otherapp.git/info/refs?service=git-upload-pack`;
    // Requests without credentials are how git asks for them: never counted.
    for (let i = 0; i < 5; i++) expect((await httpGet(url)).status).toBe(401);
    for (let i = 0; i < 3; i++)
      expect((await httpGet(url, basic('slw_stale'))).status).toBe(401);
    const refused = await httpGet(url, basic('slw_stale'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    // Everyone behind the same address (a proxy) with their own token still pushes, to any app.
    expect((await httpGet(url, basic(TOKEN))).status).toBe(200);
    expect((await httpGet(other, basic(OTHER_APPS_TOKEN))).status).toBe(200);
    expect((await httpGet(other, basic('slw_stale'))).status).toBe(401);
    // Guessing with ever new tokens hits the app's ceiling for this address...
    for (let i = 0; i < 2; i++)
      expect((await httpGet(url, basic(`slw_guess${i}`))).status).toBe(401);
    expect((await httpGet(url, basic('slw_guess2'))).status).toBe(429);
    // ...but a token that authenticates always passes: guessers behind the owner's address
    // (a proxy, NAT, CI runners) cannot keep the owner from deploying.
    expect((await httpGet(url, basic(TOKEN))).status).toBe(200);
    expect((await httpGet(other, basic(OTHER_APPS_TOKEN))).status).toBe(200);
    now += 45_000;
    expect(
      (await httpGet(url, basic('slw_guess3'))).headers.get('retry-after'),
    ).toBe('15');
    now += 15_000;
    expect((await httpGet(url, basic('slw_guess4'))).status).toBe(401);
  });

  it('answers 401 for an expired deploy token and 403 when its creator no longer owns the app', async () => {
    await start({
      tokens: {
        async authenticate(_app, token) {
          if (token === 'slw_expired')
            throw new AuthenticationError('This deploy token expired');
          if (token === 'slw_transferred')
            throw new NotAllowedError('no longer owns myapp');
          return undefined;
        },
        recheck: async () => undefined,
      },
    });
    const url = `${baseUrl}/myapp.git/info/refs?service=git-receive-pack`;
    const expired = await httpGet(url, basic('slw_expired'));
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe(
      'Basic realm="Slipway"',
    );
    expect((await httpGet(url, basic('slw_transferred'))).status).toBe(403);
    const { dir } = await workingCopy('work', nodeApp('X'));
    const push = await gitClient(
      ['push', remote('myapp', 'slw_transferred'), 'main'],
      dir,
    );
    expect(push.code).not.toBe(0);
    expect(recorded).toEqual([]);
    expect(await serverRefs()).toBe('');
  });

  it('refuses the dumb HTTP protocol', async () => {
    expect(
      (await httpGet(`${baseUrl}/myapp.git/info/refs`, basic(TOKEN))).status,
    ).toBe(400);
    expect(
      (await httpGet(`${baseUrl}/myapp.git/HEAD`, basic(TOKEN))).status,
    ).toBe(404);
  });

  it('refuses a non-fast-forward push unless forced, as git does', async () => {
    const { dir, sha } = await workingCopy('work', {
      Procfile: 'web: node server.js\n',
      'server.js': '1',
    });
    expect((await gitClient(['push', remote(), 'main'], dir)).code).toBe(0);
    const other = await workingCopy('other', {
      Procfile: 'web: node server.js\n',
      'server.js': '2',
    });

    const push = await gitClient(['push', remote(), 'main'], other.dir);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/rejected/);
    expect(recorded).toHaveLength(1);
    expect(await serverRefs()).toBe(`refs/heads/main ${sha}`);

    const forced = await gitClient(
      ['push', '--force', remote(), 'main'],
      other.dir,
    );
    expect(forced.code).toBe(0);
    expect(recorded.map(r => r.record.sha)).toEqual([sha, other.sha]);
    expect(await serverRefs()).toBe(`refs/heads/main ${other.sha}`);
  });

  it('serializes concurrent pushes to one app: both built one after the other, recorded in order', async () => {
    const first = await workingCopy('first', nodeApp('FIRST'));
    const second = await workingCopy('second', nodeApp('SECOND'));
    const [a, b] = await Promise.all([
      gitClient(['push', remote(), 'main'], first.dir),
      gitClient(['push', remote(), 'main:master'], second.dir),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(recorded.map(r => r.record.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
    expect(new Set(recorded.map(r => r.record.sha))).toEqual(
      new Set([first.sha, second.sha]),
    );
    // Builds never overlapped, and the ledger got them in the order they were built.
    const [one, two] = [...buildIntervals].sort((x, y) => x.start - y.start);
    expect(one.end).toBeLessThanOrEqual(two.start);
    expect(recorded.map(r => r.record.sha)).toEqual([one.sha, two.sha]);
    expect(recorded.map(r => r.release)).toEqual([2, 3]);
  });

  it('lets only one of two concurrent pushes from the same base to main land, building only that one', async () => {
    const base = await workingCopy('base', {
      Procfile: 'web: node server.js\n',
      'server.js': '0',
    });
    expect((await gitClient(['push', remote(), 'main'], base.dir)).code).toBe(
      0,
    );
    const clones = ['x', 'y'];
    for (const name of clones)
      await gitClient(['clone', '--quiet', remote(), name]);
    const shas = await Promise.all(
      clones.map(name => commit(path.join(root, name), { 'server.js': name })),
    );
    const pushes = await Promise.all(
      clones.map(name =>
        gitClient(['push', remote(), 'main'], path.join(root, name)),
      ),
    );

    const landed = pushes.map(p => p.code === 0);
    expect(landed.filter(Boolean)).toHaveLength(1);
    const winner = shas[landed.indexOf(true)];
    expect(recorded.map(r => r.record.sha)).toEqual([base.sha, winner]);
    expect(await serverRefs()).toBe(`refs/heads/main ${winner}`);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
