import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Probe } from '@slipway/plugin-slipway-common';

export type ProbeTarget = {
  port: number;
  /** Starts an exec check's command where the process runs (its sandbox); killed after `timeoutMs`. */
  run(command: string[], timeoutMs: number): ChildProcess;
  /**
   * Whether the process listens on `port` in its own network namespace; undefined when it shares
   * the host's (then connecting tells). A forwarded port accepts even when nothing listens inside.
   */
  listening?(port: number): boolean | undefined;
};

/**
 * One check of a readiness or liveness probe against a local process:
 * http (2xx/3xx on 127.0.0.1), tcp (the port accepts a connection) or exec (exit 0).
 */
export function probeOnce(probe: Probe, target: ProbeTarget): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  const port = probe.port ?? target.port;
  if (probe.type !== 'exec' && target.listening?.(port) === false) {
    return Promise.resolve(false);
  }
  switch (probe.type) {
    case 'http':
      return httpCheck(port, probe.path ?? '/', timeoutMs);
    case 'exec':
      return execCheck(probe.command ?? [], target, timeoutMs);
    default:
      return tcpCheck(port, timeoutMs);
  }
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
        path: path.startsWith('/') ? path : `/${path}`,
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
