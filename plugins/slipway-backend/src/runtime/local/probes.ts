import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Probe } from '@slipway/plugin-slipway-common';

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
export function probeOnce(probe: Probe, target: ProbeTarget): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  const port = probe.port ?? target.port;
  if (probe.type === 'exec') {
    return execCheck(probe.command ?? [], target, timeoutMs);
  }
  const path = probe.type === 'http' ? withSlash(probe.path ?? '/') : undefined;
  const inside = target.checkInside?.(
    path === undefined ? { port } : { port, path },
    timeoutMs,
  );
  if (inside) return inside;
  return path === undefined
    ? tcpCheck(port, timeoutMs)
    : httpCheck(port, path, timeoutMs);
}

function tcpCheck(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function httpCheck(
  port: number,
  path: string,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise(resolve => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        headers: { 'user-agent': 'slipway-probe' },
        timeout: timeoutMs,
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
): Promise<boolean> {
  if (command.length === 0) return Promise.resolve(false);
  return new Promise(resolve => {
    const child = target.run(command, timeoutMs);
    child.on('error', () => resolve(false));
    child.on('exit', code => resolve(code === 0));
  });
}
