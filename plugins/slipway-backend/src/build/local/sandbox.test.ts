import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  attackResults,
  attackScript,
  expectContained,
} from '../../sandbox/__testUtils__/attack';
import { describeWithBubblewrap } from '../../sandbox/__testUtils__/testSandbox';
import { readLocalBuilderSettings } from './config';
import { LocalBuildExecutor } from './executor';
import { ConfigReader } from '@backstage/config';

jest.setTimeout(120_000);

const OTHER_SECRET = `other-process-secret-${Math.random()
  .toString(36)
  .slice(2)}`;
const BACKEND_SECRET = `backend-secret-${Math.random().toString(36).slice(2)}`;

describeWithBubblewrap('local build executor sandbox', sandbox => {
  let root: string;
  let dataDir: string;
  let executor: LocalBuildExecutor;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-build-sandbox-'));
    dataDir = path.join(root, 'data');
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(dataDir, 'encryption.key'), 'key material');
    process.env.SLIPWAY_TEST_BACKEND_SECRET = BACKEND_SECRET;
    executor = new LocalBuildExecutor(
      readLocalBuilderSettings(new ConfigReader({})),
      dataDir,
      mockServices.logger.mock(),
      sandbox,
    );
  });

  afterEach(async () => {
    delete process.env.SLIPWAY_TEST_BACKEND_SECRET;
    await fs.rm(root, { recursive: true, force: true });
  });

  async function build(app: string, files: Record<string, string>) {
    const dir = path.join(root, `src-${app}`);
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), content);
    }
    let log = '';
    const outcome = await executor.build({
      app,
      sourceDir: dir,
      sha: 'a'.repeat(40),
      log: chunk => {
        log += chunk;
      },
    });
    return { ...outcome, log };
  }

  it("npm scripts of a pushed app (postinstall, build) cannot reach the key, /etc/shadow, other apps' slugs or processes", async () => {
    const other = await build('other', {
      Procfile: 'web: node server.js\n',
      'server.js': '// the other app\n',
    });
    // A process of another app, with a secret in its environment.
    const victim = spawn('sleep', ['600'], {
      env: { PATH: process.env.PATH, DATABASE_PASSWORD: OTHER_SECRET },
      stdio: 'ignore',
      detached: true,
    });
    const victimGone = new Promise(resolve => victim.once('exit', resolve));
    try {
      const script = attackScript({
        keyFile: path.join(dataDir, 'encryption.key'),
        dataDir,
        otherSlug: path.join(dataDir, 'slugs', other.image.slice(5)),
        otherPids: [victim.pid!],
        otherSecret: OTHER_SECRET,
        backendSecret: BACKEND_SECRET,
      });
      const result = await build('shop', {
        'attack.sh': script,
        'package.json': JSON.stringify({
          name: 'shop',
          version: '1.0.0',
          scripts: {
            postinstall: 'sh attack.sh',
            build: 'sh attack.sh && echo built > built.txt',
            start: 'node server.js',
          },
        }),
      });
      const runs = result.log.split('ATTACK uid=').slice(1);
      expect(runs).toHaveLength(2); // postinstall and build
      for (const run of runs) {
        expectContained(attackResults(`ATTACK uid=${run}`), {
          uid: 65534,
          appWritable: true, // its own build directory
        });
      }
      // What the build wrote is in the slug, which belongs to the backend's user again.
      const slug = path.join(dataDir, 'slugs', result.image.slice(5));
      expect(await fs.readFile(path.join(slug, 'built.txt'), 'utf8')).toBe(
        'built\n',
      );
      const stat = await fs.stat(path.join(slug, 'built.txt'));
      expect(stat.uid).toBe(process.getuid!());
      // The build's attempts left nothing outside its directory.
      await expect(
        fs.stat(path.join(dataDir, 'slipway-attack')),
      ).rejects.toThrow();
    } finally {
      process.kill(-victim.pid!, 'SIGKILL');
      await victimGone;
    }
  });

  it('a symlink left by a build stays a link: reclaiming the slug never changes its target', async () => {
    const result = await build('links', {
      Procfile: 'web: true\n',
      'package.json': JSON.stringify({
        name: 'links',
        version: '1.0.0',
        scripts: { build: 'ln -s /etc/passwd passwd-link' },
      }),
    });
    const slug = path.join(dataDir, 'slugs', result.image.slice(5));
    expect(await fs.readlink(path.join(slug, 'passwd-link'))).toBe(
      '/etc/passwd',
    );
    expect((await fs.stat('/etc/passwd')).uid).toBe(0);
  });

  it('build steps get a fixed PATH and no machine-wide npm settings (red team L2, L4)', async () => {
    const result = await build('settings', {
      Procfile: 'web: true\n',
      'package.json': JSON.stringify({
        name: 'settings',
        version: '1.0.0',
        scripts: {
          build:
            'echo "SEEN_PATH:$PATH"; echo "GLOBALCONFIG=$(npm config get globalconfig)"; for f in /usr/etc/npmrc /usr/local/etc/npmrc; do [ -e $f ] && echo "$f has $(wc -c < $f) bytes"; done; echo END',
        },
      }),
    });
    const printed = /SEEN_PATH:(\/\S+)/.exec(result.log)![1].split(':');
    // npm puts node_modules/.bin of the app and its parents (and its own helpers) first; the rest is the
    // platform's alone, none of the backend's PATH (node's directory may itself be under /root, as in CI).
    const platform = printed.filter(
      dir =>
        !dir.endsWith('node_modules/.bin') && !dir.includes('node-gyp-bin'),
    );
    expect(platform).toEqual([
      ...new Set([
        path.dirname(process.execPath),
        '/usr/local/bin',
        '/usr/bin',
        '/bin',
      ]),
    ]);
    expect(result.log).toContain('GLOBALCONFIG=/dev/null');
    expect(result.log).not.toMatch(/npmrc has [1-9]/);
    expect(result.log).toContain('END');
  });
});
