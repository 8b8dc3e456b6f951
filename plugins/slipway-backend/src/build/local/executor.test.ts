import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { removeTree } from '../../hostFiles/removeTree';
import { createLocalBuildExecutor } from './executor';

jest.setTimeout(120_000);

let root: string;
let dataDir: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-build-test-'));
  dataDir = path.join(root, 'data');
});

afterEach(async () => {
  await removeTree(root);
});

function executor(local: JsonObject = {}) {
  return createLocalBuildExecutor({
    config: new ConfigReader({
      slipway: { builder: 'local', local: { builder: local } },
    }),
    logger: mockServices.logger.mock(),
    dataDir,
    platformDomain: 'localhost',
  });
}

/** Writes an app's source tree; returns its directory. */
async function source(
  files: Record<string, string>,
  name = 'src',
): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  return dir;
}

async function build(sourceDir: string, exec = executor()) {
  let log = '';
  const outcome = await exec.build({
    app: 'myapp',
    sourceDir,
    sha: '1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b',
    log: chunk => {
      log += chunk;
    },
  });
  return {
    ...outcome,
    log,
    slug: path.join(dataDir, 'slugs', outcome.image.replace(/^slug:/, '')),
  };
}

async function buildFailure(sourceDir: string, exec = executor()) {
  let log = '';
  const error = await exec
    .build({
      app: 'myapp',
      sourceDir,
      sha: 'abc',
      log: chunk => {
        log += chunk;
      },
    })
    .then(
      () => undefined,
      e => e as Error,
    );
  if (!error) throw new Error('expected the build to fail');
  return { message: error.message, log };
}

/** Slugs and leftovers in the slug store (staging directories must not survive a build). */
async function slugEntries() {
  return fs.readdir(path.join(dataDir, 'slugs')).catch(() => [] as string[]);
}

const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

describe('local build executor', () => {
  it('builds a Procfile app into a content-addressed slug with the Procfile process types', async () => {
    const dir = await source({
      Procfile:
        '# processes\nweb: node server.js\nworker:   node worker.js --queue=jobs\n',
      'server.js': 'console.log("hi")\n',
      'worker.js': '',
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
    const result = await build(dir);
    expect(result.image).toMatch(/^slug:[0-9a-f]{64}$/);
    expect(result.procfile).toEqual({
      web: 'node server.js',
      worker: 'node worker.js --queue=jobs',
    });
    expect(await fs.readFile(path.join(result.slug, 'server.js'), 'utf8')).toBe(
      'console.log("hi")\n',
    );
    expect(await exists(path.join(result.slug, '.git'))).toBe(false);
    expect(await slugEntries()).toEqual([result.image.slice(5)]);
  });

  it('gives the same input the same slug, from any source directory, and reuses it', async () => {
    const files = {
      Procfile: 'web: ./run.sh\n',
      'run.sh': '#!/bin/sh\necho hi\n',
      'lib/a.txt': 'a',
    };
    const first = await build(await source(files, 'one'));
    await fs.chmod(path.join(root, 'one', 'run.sh'), 0o700);
    const two = await source(files, 'two');
    await fs.chmod(path.join(two, 'run.sh'), 0o755);
    await fs.chmod(path.join(root, 'one', 'run.sh'), 0o700);
    const second = await build(two);
    // 0700 and 0755 are both "executable": the hash does not depend on the umask of the machine.
    const third = await build(await source(files, 'one'));
    expect(second.image).toBe(third.image);
    expect(first.image).not.toBe(second.image); // run.sh was not executable in the first build
    const changed = await build(
      await source({ ...files, 'lib/a.txt': 'b' }, 'three'),
    );
    expect(changed.image).not.toBe(second.image);
    expect((await slugEntries()).sort()).toEqual(
      [first.image, second.image, changed.image].map(i => i.slice(5)).sort(),
    );
    expect((await fs.stat(path.join(second.slug, 'run.sh'))).mode & 0o777).toBe(
      0o755,
    );
  });

  it('installs a Node.js app without a lockfile with npm install and starts it with npm start', async () => {
    const dir = await source({
      'package.json': JSON.stringify({
        name: 'hello',
        version: '1.0.0',
        scripts: { start: 'node index.js' },
      }),
      'index.js': '',
    });
    const result = await build(dir);
    expect(result.procfile).toEqual({ web: 'npm start' });
    expect(result.log).toContain('npm install');
    expect(result.log).toContain('Node.js app detected');
    expect(await exists(path.join(result.slug, 'package-lock.json'))).toBe(
      true,
    );
  });

  it('uses npm ci with a lockfile and runs the build script, whose output streams into the log', async () => {
    const dir = await source({
      'package.json': JSON.stringify({
        name: 'hello',
        version: '1.0.0',
        scripts: {
          build:
            "node -e \"require('fs').mkdirSync('dist');require('fs').writeFileSync('dist/out.txt','built');console.log('compiled 1 file')\"",
        },
      }),
      'package-lock.json': JSON.stringify({
        name: 'hello',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name: 'hello', version: '1.0.0' } },
      }),
      Procfile: 'web: node dist/server.js\n',
    });
    const result = await build(dir);
    expect(result.log).toContain('npm ci');
    expect(result.log).toContain('npm run build');
    expect(result.log).toContain('compiled 1 file');
    expect(
      await fs.readFile(path.join(result.slug, 'dist/out.txt'), 'utf8'),
    ).toBe('built');
    // The Procfile wins over the default `npm start`.
    expect(result.procfile).toEqual({ web: 'node dist/server.js' });
  });

  it('fails with the output of a failing build script and leaves no slug behind', async () => {
    const dir = await source({
      'package.json': JSON.stringify({
        name: 'broken',
        version: '1.0.0',
        scripts: {
          start: 'node .',
          build:
            'node -e "console.error(\'TS2304: Cannot find name foo\'); process.exit(2)"',
        },
      }),
    });
    const failure = await buildFailure(dir);
    expect(failure.message).toMatch(/npm run build failed/);
    expect(failure.log).toContain('TS2304: Cannot find name foo');
    expect(await slugEntries()).toEqual([]);
  });

  it('fails a build that leaves a tree deeper than PATH_MAX without leaving it behind nor naming a host path', async () => {
    // Attack: relative mkdir + chdir past PATH_MAX in /app. Before the fix the staging tree
    // stayed for good and the error in the build log named it on the host.
    const dir = await source({
      Procfile: 'web: node server.js\n',
      'server.js': '',
      'package.json': JSON.stringify({
        name: 'deep',
        version: '1.0.0',
        scripts: {
          start: 'node server.js',
          build:
            "node -e \"const fs=require('fs');for(let i=0;i<130;i++){fs.mkdirSync('a'.repeat(40));process.chdir('a'.repeat(40))}fs.writeFileSync('f','')\"",
        },
      }),
    });
    const failure = await buildFailure(dir);
    expect(failure.message).not.toContain(root);
    expect(failure.log).not.toContain(root);
    expect(await slugEntries()).toEqual([]);
  });

  it('says so clearly when the npm registry cannot be reached', async () => {
    const port = await closedPort();
    const dir = await source({
      'package.json': JSON.stringify({
        name: 'x',
        version: '1.0.0',
        dependencies: { 'left-pad': '1.3.0' },
      }),
    });
    const failure = await buildFailure(
      dir,
      executor({
        npmRegistry: `http://127.0.0.1:${port}/`,
        npmConfig: { 'fetch-retries': '0' },
      }),
    );
    expect(failure.message).toMatch(
      /^could not reach the npm registry \(http:\/\/127\.0\.0\.1:\d+\/\): .*ECONNREFUSED/,
    );
  });

  it('requires a start command for a Node.js app', async () => {
    const failure = await buildFailure(
      await source({ 'package.json': '{"name":"x","version":"1.0.0"}' }),
    );
    expect(failure.message).toMatch(/nothing to start: add a "start" script/);
  });

  it('serves a static site with the bundled static file server', async () => {
    const dir = await source({
      'index.html': '<h1>Hello</h1>',
      'css/site.css': 'h1{}',
      '.env': 'SECRET=1',
    });
    const result = await build(dir);
    expect(result.procfile).toEqual({ web: 'node .slipway/static-server.js' });

    const port = await closedPort();
    // Its own process group, killed as a whole and awaited: no server outlives the test.
    const server = spawn('sh', ['-c', result.procfile.web], {
      cwd: result.slug,
      env: { PATH: process.env.PATH, PORT: String(port) },
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise(resolve => server.once('exit', resolve));
    try {
      const get = async (p: string) => {
        const response = await fetch(`http://127.0.0.1:${port}${p}`);
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          body: await response.text(),
        };
      };
      await waitFor(() =>
        get('/').then(
          () => true,
          () => false,
        ),
      );
      expect(await get('/')).toEqual({
        status: 200,
        type: 'text/html; charset=utf-8',
        body: '<h1>Hello</h1>',
      });
      expect((await get('/css/site.css')).type).toBe('text/css; charset=utf-8');
      expect((await get('/.env')).status).toBe(404);
      expect((await get('/.slipway/static-server.js')).status).toBe(404);
      expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
      expect((await get('/missing.html')).status).toBe(404);
    } finally {
      process.kill(-server.pid!, 'SIGKILL');
      await exited;
    }
  });

  it('builds a Python app into a relocatable virtualenv, deterministically', async () => {
    const files = {
      'requirements.txt': '',
      Procfile: 'web: python app.py\n',
      'app.py': 'print("hi")\n',
    };
    const result = await build(await source(files, 'one'));
    expect(result.procfile).toEqual({ web: 'python app.py' });
    expect(result.log).toContain('python3 -m venv');

    // The virtualenv works from the slug directory it was renamed to, also through pip's script.
    const prefix = spawnSync(
      path.join(result.slug, '.venv/bin/python'),
      ['-c', 'import sys; print(sys.prefix)'],
      { encoding: 'utf8' },
    );
    expect(prefix.stdout.trim()).toBe(path.join(result.slug, '.venv'));
    const pip = spawnSync(
      path.join(result.slug, '.venv/bin/pip'),
      ['--version'],
      { encoding: 'utf8' },
    );
    expect(pip.stdout).toContain(path.join(result.slug, '.venv'));
    // Processes get the virtualenv on PATH through .profile.d.
    const viaProfile = spawnSync(
      'sh',
      ['-c', '. ./.profile.d/python.sh && command -v python'],
      { cwd: result.slug, encoding: 'utf8' },
    );
    expect(viaProfile.stdout.trim()).toBe(
      path.join(result.slug, '.venv/bin/python'),
    );

    const again = await build(await source(files, 'two'));
    expect(again.image).toBe(result.image);
  });

  it('asks Python apps for a Procfile', async () => {
    const failure = await buildFailure(
      await source({ 'requirements.txt': '', 'app.py': '' }),
    );
    expect(failure.message).toMatch(/Python apps need a Procfile/);
  });

  it('fails clearly when it cannot tell what the source is', async () => {
    const failure = await buildFailure(
      await source({ 'README.md': '# hi', 'main.go': 'package main' }),
    );
    expect(failure.message).toMatch(
      /could not tell how to build this app: add a Procfile, a package.json/,
    );
    expect(await slugEntries()).toEqual([]);
  });

  it('rejects an invalid Procfile with its line number', async () => {
    const failure = await buildFailure(
      await source({ Procfile: 'web: node a.js\n\nthis is not a process\n' }),
    );
    expect(failure.message).toMatch(
      /^Procfile line 3: expected "<process type>: <command>"/,
    );
  });

  it('stops a build that takes longer than the timeout, with everything it started', async () => {
    const dir = await source({
      'package.json': JSON.stringify({
        name: 'slow',
        version: '1.0.0',
        scripts: {
          start: 'node .',
          build: 'node -e "setTimeout(() => {}, 600000)"',
        },
      }),
    });
    const failure = await buildFailure(
      dir,
      executor({ timeout: { seconds: 5 } }),
    );
    expect(failure.message).toBe(
      'the build took longer than 5 seconds and was stopped',
    );
    expect(await slugEntries()).toEqual([]);
  });
});

/** A port nothing listens on (found by listening on port 0 and closing again). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
