import fs from 'node:fs';

const LISTEN = '0A';

/**
 * Whether something listens on TCP `port` inside the sandbox (with its own network namespace)
 * whose bwrap has pid `bwrapPid`, read from that namespace's /proc/net/tcp{,6}; false while the
 * sandbox is not there yet or is gone. Probes need it: pasta accepts on the host's side of a
 * forwarded port whether or not the app listens yet (and resets the connection when it does not).
 */
export function listensInside(bwrapPid: number, port: number): boolean {
  try {
    const children = fs
      .readFileSync(`/proc/${bwrapPid}/task/${bwrapPid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (children.length === 0) return false;
    const inside = children[0];
    // Not yet in its own namespace (bwrap still setting up): nothing of the app listens.
    const own = fs.statSync('/proc/self/ns/net').ino;
    if (fs.statSync(`/proc/${inside}/ns/net`).ino === own) return false;
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
