import http from 'node:http';
import { openPushSession, type PreReceiveInput } from './pushSession';

jest.setTimeout(60_000);

const CHUNK = 'x'.repeat(64 * 1024);

/** Calls the session's endpoint as the pre-receive hook does; the response stays paused until `read()`. */
function callAsHook(env: NodeJS.ProcessEnv) {
  let received = 0;
  let text = '';
  let response: http.IncomingMessage | undefined;
  let reading = false;
  const ended = new Promise<void>((resolve, reject) => {
    const body = JSON.stringify({
      updates: `${'0'.repeat(40)} ${'a'.repeat(40)} refs/heads/main\n`,
    });
    const request = http.request(
      {
        socketPath: env.SLIPWAY_HOOK_SOCKET,
        path: '/pre-receive',
        method: 'POST',
        headers: { 'x-slipway-secret': env.SLIPWAY_HOOK_SECRET },
      },
      res => {
        response = res;
        if (!reading) res.pause();
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          text = (text + chunk.toString('utf8')).slice(-1000);
        });
        res.on('end', resolve);
        res.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
  return {
    received: () => received,
    tail: () => text,
    read: () => {
      reading = true;
      response?.resume();
    },
    ended,
  };
}

describe('push session output to a slow client', () => {
  it('holds at most about maxBufferedBytes: writers wait until the client reads', async () => {
    const bound = 1024 * 1024;
    const total = 32 * 1024 * 1024;
    let written = 0;
    let waited = 0;
    const session = await openPushSession(
      async (input: PreReceiveInput) => {
        while (written < total) {
          const busy = input.write(CHUNK);
          written += CHUNK.length;
          if (busy) {
            waited++;
            await busy;
          }
        }
        return 0;
      },
      { maxBufferedBytes: bound },
    );
    try {
      const hook = callAsHook(session.env);
      // The client reads nothing for a while: the writer is held back near the bound
      // (plus what the kernel's socket buffers take), not allowed to write all 32 MiB.
      await new Promise(resolve => setTimeout(resolve, 1000));
      expect(written).toBeGreaterThanOrEqual(bound);
      expect(written - hook.received()).toBeLessThan(bound + 3 * 1024 * 1024);
      expect(waited).toBeGreaterThan(0);
      hook.read();
      await hook.ended;
      expect(written).toBe(total);
      expect(hook.received()).toBeGreaterThan(total); // every chunk, JSON-framed
      expect(hook.tail()).toMatch(/\{"exit":0\}\n$/);
    } finally {
      await session.close();
    }
  });

  it('lets writers go on at once while the client keeps up', async () => {
    const results: Array<void | Promise<void>> = [];
    const session = await openPushSession(async input => {
      for (let i = 0; i < 10; i++) results.push(input.write('line\n'));
      return 0;
    });
    try {
      const hook = callAsHook(session.env);
      hook.read();
      await hook.ended;
      expect(results.every(r => r === undefined)).toBe(true);
    } finally {
      await session.close();
    }
  });
});
