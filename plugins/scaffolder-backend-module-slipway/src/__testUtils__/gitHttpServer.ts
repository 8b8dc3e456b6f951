import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A test double of Slipway's git remote: real bare repositories served over smart HTTP by
 * `git http-backend`, behind HTTP Basic auth with deploy tokens, under `/api/slipway/git/<app>.git`.
 * A post-receive hook prints build-like lines (the client shows them as `remote: ...`), and
 * `onPush` is told the new `main` after each push.
 */
export async function startGitHttpServer(options: {
  root: string;
  authorize: (app: string, username: string, password: string) => boolean;
  onPush: (app: string, sha: string) => void;
}) {
  const requests: { url: string; headers: http.IncomingHttpHeaders }[] = [];

  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/api\/slipway\/git\/([a-z0-9-]+)\.git(\/.*)$/.exec(
      url.pathname,
    );
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const [, app, rest] = match;
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    const [username, ...password] = Buffer.from(encoded ?? '', 'base64')
      .toString()
      .split(':');
    if (
      scheme !== 'Basic' ||
      !options.authorize(app, username, password.join(':'))
    ) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="slipway"' }).end();
      return;
    }
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: options.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: `/${app}.git${rest}`,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        REMOTE_USER: username,
        REMOTE_ADDR: '127.0.0.1',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: options.root,
      },
    });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const [name, ...value] = line.split(':');
        if (name.toLowerCase() === 'status')
          status = parseInt(value.join(':'), 10);
        else headers[name] = value.join(':').trim();
      }
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end + 4));
    });
    child.on('close', () => {
      res.end();
      if (rest === '/git-receive-pack') {
        const sha = execFileSync('git', ['rev-parse', 'refs/heads/main'], {
          cwd: path.join(options.root, `${app}.git`),
        })
          .toString()
          .trim();
        options.onPush(app, sha);
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    base: `http://127.0.0.1:${port}/api/slipway/git`,
    requests,
    /** Creates the bare repository of `app`, as app creation does. */
    async createRepo(app: string) {
      const dir = path.join(options.root, `${app}.git`);
      execFileSync('git', [
        'init',
        '--quiet',
        '--bare',
        '--initial-branch=main',
        dir,
      ]);
      const hook = path.join(dir, 'hooks', 'post-receive');
      await fs.writeFile(
        hook,
        `#!/bin/sh\necho "-----> Building ${app}"\necho "-----> Build succeeded"\n`,
        { mode: 0o755 },
      );
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
