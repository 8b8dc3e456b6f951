import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** One line of the pre-receive hook's input: `<old sha> <new sha> <ref>`. */
export type RefUpdate = { oldSha: string; newSha: string; ref: string };

export type PreReceiveInput = {
  updates: RefUpdate[];
  /** Where receive-pack keeps the pushed objects until the refs are updated (GIT_QUARANTINE_PATH). */
  quarantine?: string;
  /**
   * Shown to the pusher as `remote: ...` lines. Returns a promise while more than
   * `maxBufferedBytes` wait for a slow client: producers should wait for it (backpressure).
   */
  write: (text: string) => void | Promise<void>;
  /** Aborts when the push goes away. */
  signal: AbortSignal;
};

/** Decides the push: resolves with the hook's exit code (non-zero rejects every ref update). */
export type PreReceiveHandler = (input: PreReceiveInput) => Promise<number>;

export type PushSession = {
  /** Git's `core.hooksPath` for this push: holds Slipway's pre-receive hook. */
  hooksPath: string;
  /** Environment for `git http-backend`, inherited by the hook: how to call back here. */
  env: NodeJS.ProcessEnv;
  /** Stops the hook endpoint (and aborts a build still running for this push). */
  close(): Promise<void>;
};

const MAX_HOOK_INPUT = 1024 * 1024;
/** Output held for a slow `git push` client before writers are asked to wait. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const REF = /^refs\/[^\0\s~^:?*[\\]+$/;

/**
 * Opens the channel between one push's pre-receive hook (a separate process started by git) and
 * this backend: a Unix socket in a private temporary directory (never reachable from the network)
 * that accepts exactly one call, carrying a secret only this push's git process knows.
 *
 * Why a hook rather than driving receive-pack ourselves: git keeps all of its own rules (fast-forward
 * checks, atomic ref updates, fsck, report-status, sideband progress) and a pre-receive hook sees the
 * pushed objects before any ref moves — a failed build simply rejects the push.
 */
export async function openPushSession(
  onPreReceive: PreReceiveHandler,
  options: { maxBufferedBytes?: number } = {},
): Promise<PushSession> {
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-push-'));
  const hooksDir = path.join(dir, 'hooks');
  const socket = path.join(dir, 'hook.sock');
  const secret = randomBytes(32);
  const aborter = new AbortController();
  let used = false;
  let inFlight: Promise<void> | undefined;

  await fs.mkdir(hooksDir);
  // git runs hooks as programs; this one starts the hook script with the node that runs Slipway.
  await fs.writeFile(
    path.join(hooksDir, 'pre-receive'),
    '#!/bin/sh\nexec "$SLIPWAY_NODE" "$SLIPWAY_HOOK_SCRIPT"\n',
    { mode: 0o755 },
  );

  const server = http.createServer((req, res) => {
    const given = Buffer.from(
      String(req.headers['x-slipway-secret'] ?? ''),
      'hex',
    );
    if (
      used ||
      req.url !== '/pre-receive' ||
      given.length !== secret.length ||
      !timingSafeEqual(given, secret)
    ) {
      res.writeHead(403).end();
      return;
    }
    used = true;
    inFlight = readBody(req)
      .then(async body => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        // The hook relays output only as fast as git and the client take it: past the bound,
        // writers wait for the buffer to drain instead of the backend holding the whole build log.
        const send = (message: object): void | Promise<void> => {
          if (res.writableEnded || res.destroyed) return undefined;
          res.write(`${JSON.stringify(message)}\n`);
          if (res.writableLength <= maxBuffered) return undefined;
          return new Promise(resolve => {
            const done = () => {
              res.off('drain', done);
              res.off('close', done);
              resolve();
            };
            res.on('drain', done);
            res.on('close', done);
          });
        };
        // The hook going away (git killed, client gone) stops the work done for it.
        res.on('close', () =>
          aborter.abort(new Error('the push was cancelled')),
        );
        let code = 1;
        try {
          code = await onPreReceive({
            updates: parseUpdates(body.updates),
            quarantine:
              typeof body.quarantine === 'string' ? body.quarantine : undefined,
            write: text => send({ out: text }),
            signal: aborter.signal,
          });
        } catch (error) {
          send({ out: `! ${(error as Error).message}\n` });
        }
        send({ exit: code });
        res.end();
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(400);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, resolve);
  });

  return {
    hooksPath: hooksDir,
    env: {
      SLIPWAY_NODE: process.execPath,
      SLIPWAY_HOOK_SCRIPT: resolvePackagePath(
        '@slipway/plugin-slipway-backend',
        'src/git/pre-receive-hook.js',
      ),
      SLIPWAY_HOOK_SOCKET: socket,
      SLIPWAY_HOOK_SECRET: secret.toString('hex'),
    },
    async close() {
      aborter.abort(new Error('the push ended'));
      // Whatever the hook started (a build being cancelled, its record) finishes before the next push's turn.
      await inFlight;
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

function readBody(
  req: http.IncomingMessage,
): Promise<{ updates?: unknown; quarantine?: unknown }> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      text += chunk;
      if (text.length > MAX_HOOK_INPUT)
        req.destroy(new Error('hook input too large'));
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

function parseUpdates(input: unknown): RefUpdate[] {
  if (typeof input !== 'string')
    throw new Error('the hook sent no ref updates');
  return input
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => {
      const [oldSha, newSha, ref] = line.trim().split(' ');
      if (!SHA.test(oldSha) || !SHA.test(newSha) || !REF.test(ref ?? '')) {
        throw new Error(`unexpected ref update "${line.slice(0, 200)}"`);
      }
      return { oldSha, newSha, ref };
    });
}
