import fs from 'node:fs';

const LISTEN = '0A';

/**
 * The pid of the sandbox's init (bwrap's child, `bwrapPid`'s) once it is in its own network
 * namespace; undefined while bwrap still sets up, or when the sandbox is gone.
 */
export function sandboxInit(bwrapPid: number): number | undefined {
  try {
    const inside = fs
      .readFileSync(`/proc/${bwrapPid}/task/${bwrapPid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)[0];
    if (!inside) return undefined;
    const own = fs.statSync('/proc/self/ns/net').ino;
    return fs.statSync(`/proc/${inside}/ns/net`).ino === own
      ? undefined
      : Number(inside);
  } catch {
    return undefined; // gone meanwhile
  }
}

/**
 * Whether something listens on TCP `port` inside the sandbox (with its own network namespace)
 * whose bwrap has pid `bwrapPid`, read from that namespace's /proc/net/tcp{,6}; false while the
 * sandbox is not there yet or is gone. Cheap (no connection, no process): readiness polls it
 * often while a process starts, before it runs the real check (see `checkInside`).
 */
export function listensInside(bwrapPid: number, port: number): boolean {
  const inside = sandboxInit(bwrapPid);
  if (inside === undefined) return false;
  try {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    return ['tcp', 'tcp6'].some(file =>
      fs
        .readFileSync(`/proc/${inside}/net/${file}`, 'utf8')
        .split('\n')
        .slice(1)
        .some(line => {
          const fields = line.trim().split(/\s+/);
          return fields[3] === LISTEN && fields[1]?.endsWith(`:${hexPort}`);
        }),
    );
  } catch {
    return false; // gone meanwhile
  }
}
