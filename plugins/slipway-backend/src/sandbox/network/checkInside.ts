import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { sandboxInit } from './listening';
import { PROGRAM_ENV, type NetworkPrograms } from './programs';

/** A tcp or http health check: connect to 127.0.0.1:<port> (and GET <path>). */
export type NetworkCheck = { port: number; path?: string };

/**
 * The client: bash's /dev/tcp, with the port and path as arguments (never parsed as shell).
 * http passes on a 2xx or 3xx status line, as Kubernetes' httpGet does. The line is read up to
 * 1024 characters: an app sending an endless line cannot grow the client (it runs as root, outside
 * the app's cgroup); a longer status line fails.
 */
const CLIENT = `exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
[ -z "$2" ] && exit 0
printf 'GET %s HTTP/1.0\\r\\nHost: 127.0.0.1:%s\\r\\nUser-Agent: slipway-probe\\r\\nConnection: close\\r\\n\\r\\n' "$2" "$1" >&3
IFS= read -r -n 1024 line <&3 || exit 1
case "$line" in "HTTP/1."[01]" "[23][0-9][0-9]*) exit 0 ;; esac
exit 1`;

/**
 * Runs a health check from inside the network namespace of the sandbox whose bwrap is
 * `bwrapPid`, so it reaches only what the app itself could: its own sockets (and the router's
 * forwarded ports), never a host service on loopback. A fixed client (bash, by absolute path, in
 * the host's file view) joins the namespace through nsenter, given the namespace already open
 * (descriptor 3) so that a pid reused meanwhile cannot swap it. False when the sandbox is not in
 * its namespace yet or is gone, and after `timeoutMs`.
 */
export function checkInside(
  programs: Pick<NetworkPrograms, 'nsenter' | 'bash'>,
  bwrapPid: number,
  check: NetworkCheck,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<boolean> {
  if (cancel?.aborted) return Promise.resolve(false);
  let path = check.path ?? '';
  if (path && !path.startsWith('/')) path = `/${path}`;
  // A request line holds visible ASCII only (Node's client refuses whitespace and controls too).
  if (!/^[\x21-\x7e]*$/.test(path)) return Promise.resolve(false);
  const inside = sandboxInit(bwrapPid);
  if (inside === undefined) return Promise.resolve(false);
  let netns: number;
  try {
    netns = fs.openSync(`/proc/${inside}/ns/net`, 'r');
  } catch {
    return Promise.resolve(false);
  }
  return new Promise(resolve => {
    try {
      // Still the sandbox's: not the backend's own namespace (the pid may have been reused).
      if (fs.fstatSync(netns).ino === fs.statSync('/proc/self/ns/net').ino) {
        resolve(false);
        return;
      }
      const child = spawn(
        programs.nsenter,
        [
          '--net=/proc/self/fd/3',
          '--',
          programs.bash,
          '--noprofile',
          '--norc',
          '-c',
          CLIENT,
          'probe',
          String(check.port),
          path,
        ],
        {
          env: { ...PROGRAM_ENV },
          cwd: '/',
          stdio: ['ignore', 'ignore', 'ignore', netns],
          timeout: timeoutMs,
          killSignal: 'SIGKILL',
          // Killed when the check is abandoned (its process stopped, or the platform's timeout).
          ...(cancel ? { signal: cancel } : {}),
        },
      );
      child.once('error', () => resolve(false));
      child.once('close', code => resolve(code === 0));
    } finally {
      fs.closeSync(netns);
    }
  });
}
