import { spawn, type ChildProcess } from 'node:child_process';
import { checkInside } from './checkInside';
import { findNetworkPrograms } from './programs';

jest.setTimeout(30_000);

/*
 * Attack (red team round 2, R2-H3): the app's checked port sends an endless status line. Before
 * the fix the check client (a root bash, outside the app's cgroup) kept the whole line in memory,
 * ~2 MB/s for up to the check's timeout (an hour). Now it reads at most 1024 characters and fails.
 * The namespace here is a real one (unshare as root), standing in for a sandbox's: `checkInside`
 * joins the namespace of the first child of the pid it is given, as it does bwrap's.
 */

const lookup = findNetworkPrograms();
const programs = 'problem' in lookup ? undefined : lookup;
const asRoot = process.getuid?.() === 0;

/** Port 9999 inside: `endless` sends 10 MB without a newline, `ok` answers 200, `silent` says nothing. */
const SERVER = `
const net = require('net');
const mode = process.argv[1];
net.createServer(socket => {
  socket.on('error', () => {});
  console.log('CONNECTED');
  socket.on('close', () => console.log('CLOSED'));
  if (mode === 'ok') return socket.end('HTTP/1.1 200 OK\\r\\n\\r\\n');
  socket.resume(); // reads the request, so that the client's end is seen
  if (mode === 'silent') return;
  const chunk = Buffer.alloc(64 * 1024, 'A');
  let sent = 0;
  const more = () => {
    while (sent < 10 * 1024 * 1024 && !socket.destroyed) {
      sent += chunk.length;
      if (!socket.write(chunk)) return socket.once('drain', more);
    }
  };
  more();
}).listen(9999, '127.0.0.1', () => console.log('LISTENING'));
`;

/** A process in a network namespace of its own (child of `unshare`), serving port 9999 there. */
async function namespaceServing(mode: string) {
  const child = spawn(
    'unshare',
    [
      '--net',
      '--fork',
      '--',
      '/bin/sh',
      '-c',
      `${programs!.ip} link set lo up && exec "$0" -e "$1" "$2"`,
      process.execPath,
      SERVER,
      mode,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  const printed = (text: string) =>
    new Promise<void>(resolve => {
      const look = () => output.includes(text) && resolve();
      child.stdout!.on('data', chunk => {
        output += chunk;
        look();
      });
      look();
    });
  await printed('LISTENING');
  return { child, printed };
}

const running: ChildProcess[] = [];

(asRoot && programs ? describe : describe.skip)(
  'a health check inside a network namespace',
  () => {
    afterEach(() => {
      for (const child of running.splice(0)) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }
    });

    const serving = async (mode: string) => {
      const served = await namespaceServing(mode);
      running.push(served.child);
      return served;
    };

    it('fails at once on an endless status line, reading no more than a bounded part of it', async () => {
      const { child, printed } = await serving('endless');
      // A timeout far beyond the test's: only the bounded read can end this check.
      const passed = await checkInside(
        programs!,
        child.pid!,
        { port: 9999, path: '/' },
        3_600_000,
      );
      expect(passed).toBe(false);
      await printed('CLOSED');
    });

    it('still passes on a 200 status line', async () => {
      const { child } = await serving('ok');
      expect(
        await checkInside(
          programs!,
          child.pid!,
          { port: 9999, path: '/' },
          10_000,
        ),
      ).toBe(true);
    });

    it('kills the client when the check is abandoned', async () => {
      const { child, printed } = await serving('silent');
      const cancel = new AbortController();
      const check = checkInside(
        programs!,
        child.pid!,
        { port: 9999, path: '/' },
        3_600_000,
        cancel.signal,
      );
      await printed('CONNECTED');
      cancel.abort();
      expect(await check).toBe(false);
      // The client is gone: its connection closed.
      await printed('CLOSED');
    });
  },
);
