import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Probe } from '@slipway/plugin-slipway-common';
import { signalGroup } from '../../sandbox';

export type ProbeTarget = {
  port: number;
  /** Starts an exec check's command where the process runs (its sandbox); killed after `timeoutMs`. */
  run(command: string[], timeoutMs: number): ChildProcess;
  /**
   * Whether the process listens on `port` in its own network namespace (cheap: no connection);
   * undefined when it shares the host's (then connecting tells).
   */
  listening?(port: number): boolean | undefined;
  /**
   * Runs a tcp or http check from inside the process's own network namespace; undefined when it
   * shares the host's network.
   */
  checkInside?(
    check: { port: number; path?: string },
    timeoutMs: number,
    cancel?: AbortSignal,
  ): Promise<boolean> | undefined;
};

const withSlash = (path: string) => (path.startsWith('/') ? path : `/${path}`);

/**
 * One check of a readiness or liveness probe against a local process: http (2xx/3xx from
 * 127.0.0.1:<port>), tcp (the port accepts a connection) or exec (exit 0). The tenant picks the
 * port and path, so a check must reach only what the process itself reaches: with a network
 * namespace of its own it runs in there (a host service on the same port is never asked); without
 * one the process shares the host's network, and connecting from the host reaches nothing more.
 */
export async function probeOnce(
  probe: Probe,
  target: ProbeTarget,
  cancel?: AbortSignal,
): Promise<boolean> {
  if (cancel?.aborted) return false;
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  // The platform ends every check at its timeout, or when its process stops (`cancel`): what
  // the check started (a sandbox, a client in the namespace) is killed, never left to run on.
  const ends = new AbortController();
  const end = () => ends.abort();
  cancel?.addEventListener('abort', end, { once: true });
  const timer = setTimeout(end, timeoutMs);
  const ended = new Promise<boolean>(resolve =>
    ends.signal.addEventListener('abort', () => resolve(false), {
      once: true,
    }),
  );
  try {
    return await Promise.race([
      checkOnce(probe, target, timeoutMs, ends.signal),
      ended,
    ]);
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', end);
  }
}

function checkOnce(
  probe: Probe,
  target: ProbeTarget,
  timeoutMs: number,
  ends: AbortSignal,
): Promise<boolean> {
  const port = probe.port ?? target.port;
  if (probe.type === 'exec') {
    return execCheck(probe.command ?? [], target, timeoutMs, ends);
  }
  const path = probe.type === 'http' ? withSlash(probe.path ?? '/') : undefined;
  const inside = target.checkInside?.(
    path === undefined ? { port } : { port, path },
    timeoutMs,
    ends,
  );
  if (inside) return inside;
  return path === undefined
    ? tcpCheck(port, timeoutMs, ends)
    : httpCheck(port, path, timeoutMs, ends);
}

function tcpCheck(
  port: number,
  timeoutMs: number,
  ends: AbortSignal,
): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    ends.addEventListener('abort', () => finish(false), { once: true });
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function httpCheck(
  port: number,
  path: string,
  timeoutMs: number,
  ends: AbortSignal,
): Promise<boolean> {
  return new Promise(resolve => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        headers: { 'user-agent': 'slipway-probe' },
        timeout: timeoutMs,
        signal: ends,
      },
      res => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(status >= 200 && status < 400);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function execCheck(
  command: string[],
  target: ProbeTarget,
  timeoutMs: number,
  ends: AbortSignal,
): Promise<boolean> {
  if (command.length === 0) return Promise.resolve(false);
  return new Promise(resolve => {
    const child = target.run(command, timeoutMs);
    let exited = false;
    // The check's sandbox is its own process group: all of it goes (only while it runs, so that
    // a group id reused after its exit is never signalled).
    const kill = () => {
      if (!exited && child.pid) signalGroup(child.pid, 'SIGKILL');
    };
    ends.addEventListener('abort', kill, { once: true });
    const done = (ok: boolean) => {
      exited = true;
      ends.removeEventListener('abort', kill);
      resolve(ok);
    };
    child.on('error', () => done(false));
    child.on('exit', code => done(code === 0));
  });
}
