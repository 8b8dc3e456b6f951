import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from '../args';
import { gitRemote } from './gitRemote';

const exec = promisify(execFile);

/** Every argv the CLI gives a child process (what /proc/<pid>/cmdline shows everyone). */
const mockArgvs: string[][] = [];
jest.mock('node:child_process', () => {
  const actual = jest.requireActual('node:child_process');
  const record =
    (fn: (...a: any[]) => any) =>
    (file: string, args: string[], ...rest: any[]) => {
      mockArgvs.push([file, ...(Array.isArray(args) ? args : [])]);
      return fn(file, args, ...rest);
    };
  const execFileRecorded: any = record(actual.execFile);
  execFileRecorded[jest.requireActual('node:util').promisify.custom] = (
    file: string,
    args: string[],
    ...rest: any[]
  ) =>
    new Promise((resolve, reject) => {
      execFileRecorded(
        file,
        args,
        ...rest,
        (e: any, stdout: string, stderr: string) =>
          e
            ? reject(Object.assign(e, { stdout, stderr }))
            : resolve({ stdout, stderr }),
      );
    });
  return { ...actual, execFile: execFileRecorded, spawn: record(actual.spawn) };
});
const TOKEN = 'slw_redteam_secret_token';

/**
 * Red team (issue #25): `slipway git:remote` must not leave the app's deploy token where other
 * local users can read it: in a world-readable .git/config, or in the argv of a git process
 * (/proc/<pid>/cmdline is readable by everyone on the machine).
 */
describe('slipway git:remote (red team)', () => {
  let server: http.Server;
  let baseUrl: string;
  let dir: string;
  const cwd = process.cwd();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.method === 'GET' && req.url === '/api/slipway/apps/shop') {
        res.end(
          JSON.stringify({ gitRemote: `${baseUrl}/api/slipway/git/shop.git` }),
        );
      } else if (
        req.method === 'POST' &&
        req.url === '/api/slipway/apps/shop/tokens'
      ) {
        res.statusCode = 201;
        res.end(JSON.stringify({ token: TOKEN }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(r => server.close(r)));

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rt-git-'));
    await exec('git', ['init', '-q', 'repo'], { cwd: dir });
    mockArgvs.length = 0;
    process.chdir(path.join(dir, 'repo'));
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (extra: string[] = []) => {
    const out: string[] = [];
    const code = await gitRemote(
      parseArgs(['git:remote', '-a', 'shop', ...extra]),
      { baseUrl, token: 'user-token' },
      { out: t => out.push(t), err: t => out.push(t) },
    );
    return { code, out: out.join('') };
  };

  /** Files under .git holding the token, with their modes. */
  const filesWithToken = () => {
    const found: { file: string; mode: number }[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && fs.readFileSync(p, 'utf8').includes(TOKEN))
          found.push({
            file: path.relative(dir, p),
            mode: fs.statSync(p).mode & 0o777,
          });
      }
    };
    walk(path.join(dir, 'repo', '.git'));
    return found;
  };

  it('git:remote token never appears in a git argv (readable by every local user in /proc)', async () => {
    expect((await run()).code).toBe(0);
    expect(mockArgvs.length).toBeGreaterThan(0);
    expect(JSON.stringify(mockArgvs)).not.toContain(TOKEN);
  });

  it('git:remote token is kept only in files no other user can read, and git still finds it', async () => {
    expect((await run()).code).toBe(0);
    const found = filesWithToken();
    expect(found.length).toBeGreaterThan(0);
    for (const f of found)
      expect({ ...f, mode: f.mode & 0o077 }).toEqual({ ...f, mode: 0 });
    expect(
      fs.readFileSync(path.join(dir, 'repo', '.git', 'config'), 'utf8'),
    ).not.toContain(TOKEN);
    // git hands the token to the remote when it asks (what `git push slipway` does).
    const url = (
      await exec('git', ['remote', 'get-url', 'slipway'])
    ).stdout.trim();
    const fill = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        'git',
        ['credential', 'fill'],
        { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
        (e, so) => (e ? reject(e) : resolve(so)),
      );
      child.stdin!.end(`url=${url}\n\n`);
    });
    expect(fill).toContain(`password=${TOKEN}`);
  });

  it('git:remote run again for the same app replaces the token instead of piling up copies', async () => {
    expect((await run()).code).toBe(0);
    expect((await run()).code).toBe(0);
    const creds = filesWithToken().filter(f => !f.file.endsWith('config'));
    for (const f of creds) {
      const text = fs.readFileSync(path.join(dir, f.file), 'utf8');
      expect(text.split(TOKEN).length - 1).toBe(1);
    }
  });
});
