import { spawn } from 'node:child_process';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Request, Response } from 'express';
import { gitEnvironment } from './git';

export type HttpBackendRequest = {
  req: Request;
  res: Response;
  /** The directory holding the bare repositories (GIT_PROJECT_ROOT). */
  projectRoot: string;
  /** `/<app>.git/info/refs`, `/<app>.git/git-upload-pack` or `/<app>.git/git-receive-pack`. */
  pathInfo: string;
  /** The authenticated user, recorded by git in the reflog. */
  remoteUser: string;
  /** More environment for git (and the hooks it runs). */
  env?: NodeJS.ProcessEnv;
  /** Requests with a larger body are cut off with 413. */
  maxBodyBytes: number;
  logger: LoggerService;
};

const PROTOCOL_HEADER = /^[A-Za-z0-9=:._-]{1,100}$/;
const KEPT_STDERR = 8 * 1024;

/**
 * Serves one smart-HTTP request with `git http-backend` (git's own CGI program): the request is
 * streamed to it and its response streamed back, so `git push` sees hook output as it happens.
 * Resolves when git has finished.
 */
export function runHttpBackend(request: HttpBackendRequest): Promise<void> {
  const { req, res, logger } = request;
  const env = gitEnvironment({
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REQUEST_METHOD: req.method,
    PATH_INFO: request.pathInfo,
    QUERY_STRING: new URLSearchParams(
      typeof req.query.service === 'string'
        ? { service: req.query.service }
        : {},
    ).toString(),
    REMOTE_USER: request.remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    ...request.env,
  });
  const contentType = req.headers['content-type'];
  if (contentType) env.CONTENT_TYPE = contentType;
  const contentLength = req.headers['content-length'];
  if (contentLength && /^\d+$/.test(contentLength))
    env.CONTENT_LENGTH = contentLength;
  if (req.headers['content-encoding'] === 'gzip')
    env.HTTP_CONTENT_ENCODING = 'gzip';
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string' && PROTOCOL_HEADER.test(protocol))
    env.HTTP_GIT_PROTOCOL = protocol;

  return new Promise(resolve => {
    const child = spawn('git', ['http-backend'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let finished = false;
    let stderr = '';

    const fail = (status: number, message: string) => {
      if (!res.headersSent)
        res.status(status).type('text/plain').send(`${message}\n`);
      else res.destroy();
      child.kill('SIGTERM');
    };

    // The request body, bounded.
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > request.maxBodyBytes) {
        req.unpipe(child.stdin);
        fail(
          413,
          `The request is larger than the limit of ${request.maxBodyBytes} bytes`,
        );
      }
    });
    req.pipe(child.stdin);
    child.stdin.on('error', () => {
      // git stopped reading (e.g. it rejected the request); its response says why.
    });

    // The CGI response: headers, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    // A slow client slows git down (and, through the hook, the build) instead of filling memory.
    const relay = (chunk: Buffer) => {
      if (!res.write(chunk)) {
        child.stdout.pause();
        res.once('drain', () => child.stdout.resume());
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        relay(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = findHeaderEnd(head);
      if (!end) return;
      headersDone = true;
      writeCgiHeaders(res, head.subarray(0, end.index).toString('latin1'));
      relay(head.subarray(end.index + end.length));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-KEPT_STDERR);
    });

    // A client that goes away stops git (and, through git, its hooks and the build they wait for).
    res.on('close', () => {
      if (!finished) child.kill('SIGTERM');
    });

    child.on('error', error => {
      logger.error(`Could not run git http-backend: ${error.message}`);
    });
    child.on('close', code => {
      finished = true;
      if (code !== 0 && stderr.trim()) {
        logger.warn(
          `git http-backend ${
            request.pathInfo
          } exited with ${code}: ${stderr.trim()}`,
        );
      }
      if (!headersDone) {
        if (!res.headersSent)
          res.status(500).type('text/plain').send('git failed\n');
      } else {
        res.end();
      }
      resolve();
    });
  });
}

function findHeaderEnd(
  buffer: Buffer,
): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return undefined;
}

function writeCgiHeaders(res: Response, head: string) {
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      res.status(parseInt(value, 10) || 500);
    } else {
      res.setHeader(name, value);
    }
  }
  res.flushHeaders();
}
