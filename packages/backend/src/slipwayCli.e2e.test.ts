import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  pushTickerApp,
  startDevelopmentBackend,
  type DevelopmentBackend,
} from './__testUtils__/developmentBackend';

jest.setTimeout(240_000);

const bin = path.resolve(__dirname, '../../cli/bin/slipway');
const exec = promisify(execFile);

/** The `slipway` command against the development portal (runtime local, SQLite), as a user runs it. */
describe('the slipway CLI', () => {
  let backend: DevelopmentBackend;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    backend = await startDevelopmentBackend();
    env = {
      ...process.env,
      SLIPWAY_URL: backend.baseUrl,
      SLIPWAY_TOKEN: await backend.token('guest'),
      BROWSER: 'none',
    };
    const created = await backend.api('guest', 'POST', '/apps', {
      name: 'cli-shop',
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created));
    // Prints `TICKER <ms since epoch>` every 200 ms.
    await pushTickerApp(backend, 'cli-shop', 'TICKER');
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const slipway = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    exec(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv } })
      .then(r => ({ code: 0, ...r }))
      .catch(e => ({
        code: e.code as number,
        stdout: e.stdout as string,
        stderr: e.stderr as string,
      }));

  it('logs --tail shows what the app prints within 2 s, until Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'logs', '--tail', '-a', 'cli-shop'],
      {
        env,
      },
    );
    let output = '';
    // Following starts with recent lines; from the first one on, the stream is open.
    let following: number | undefined;
    const seen = new Promise<{ printedAt: number; shownAt: number }>(
      (resolve, reject) => {
        child.stdout.on('data', chunk => {
          const now = Date.now();
          following ??= now;
          output += chunk;
          // A line the app printed after the stream was open, and when it was shown.
          for (const match of output.matchAll(/TICKER (\d+)/g)) {
            const printedAt = Number(match[1]);
            if (printedAt > following) resolve({ printedAt, shownAt: now });
          }
        });
        child.once('exit', code =>
          reject(new Error(`exited ${code}: ${output}`)),
        );
      },
    );
    const { printedAt, shownAt } = await seen;
    expect(shownAt - printedAt).toBeLessThan(2000);
    expect(output).toMatch(/^\S+ web\.1: TICKER \d+$/m);

    const exited = new Promise<number | null>(resolve =>
      child.once('exit', code => resolve(code)),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
  });

  it('run streams the output and exits with the command’s exit code', async () => {
    const failed = await slipway([
      'run',
      '-a',
      'cli-shop',
      '--',
      'echo from-the-dyno; exit 3',
    ]);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toContain('from-the-dyno\n');
    const ok = await slipway([
      'run',
      '-a',
      'cli-shop',
      'node',
      '-e',
      '"console.log(6*7)"',
    ]);
    expect(ok).toMatchObject({ code: 0, stdout: '42\n' });
  });

  it('git:remote adds a remote that authenticates with a fresh deploy token', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-cli-git-'));
    try {
      await exec('git', ['init', '-q'], { cwd: dir });
      const added = await exec(
        process.execPath,
        [bin, 'git:remote', '-a', 'cli-shop'],
        {
          cwd: dir,
          env,
        },
      );
      expect(added.stdout).toBe(
        `set git remote slipway to ${backend.baseUrl}/api/slipway/git/cli-shop.git\n`,
      );
      const url = (
        await exec('git', ['remote', 'get-url', 'slipway'], { cwd: dir })
      ).stdout;
      // The token is in git's credential store (mode 0600), not in the URL in .git/config.
      expect(url).toMatch(/^http:\/\/slipway@localhost:\d+\//);
      const store = path.join(dir, '.git', 'slipway-credentials');
      expect(fs.statSync(store).mode & 0o077).toBe(0);
      expect(fs.readFileSync(store, 'utf8')).toMatch(/slipway:slw_/);
      // The remote answers with it (the pushed branch is there).
      const refs = await exec('git', ['ls-remote', 'slipway'], {
        cwd: dir,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      });
      expect(refs.stdout).toContain('refs/heads/main');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('apps and open print tables, URLs and --json', async () => {
    const table = await slipway(['apps']);
    expect(table.stdout).toMatch(/^NAME\s+OWNER\s+RELEASE\s+HEALTH\s+URL$/m);
    expect(table.stdout).toMatch(
      /^cli-shop\s+user:development\/guest\s+v2 succeeded/m,
    );
    const json = JSON.parse((await slipway(['apps', '--json'])).stdout);
    expect(json.map((a: { name: string }) => a.name)).toContain('cli-shop');
    expect((await slipway(['open', '-a', 'cli-shop'])).stdout).toMatch(
      /^Opening http:\/\/cli-shop\.localhost:\d+\n$/,
    );
  });

  it('fails with a one-line reason and a non-zero exit', async () => {
    const missing = await slipway(['logs', '-a', 'no-such-app']);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'slipway: App "no-such-app" not found\n',
    });
    const noApp = await slipway(['run', '--', 'true']);
    expect(noApp).toMatchObject({
      code: 1,
      stderr: 'slipway: Give the app: -a <app>\n',
    });
    const badToken = await slipway(['apps'], { SLIPWAY_TOKEN: 'not-a-token' });
    expect(badToken.code).toBe(1);
    expect(badToken.stderr.split('\n')).toHaveLength(2);
    const noUrl = await slipway(['apps'], { SLIPWAY_URL: '' });
    expect(noUrl).toMatchObject({
      code: 1,
      stderr:
        'slipway: No portal: give --url or set SLIPWAY_URL (the backend base URL)\n',
    });
  });
});
