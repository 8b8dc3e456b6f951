import type { Response } from 'express';
import { MAX_BUFFERED_RUN_OUTPUT, streamRun } from './runOutput';

/** A response whose client never reads: everything written stays buffered. */
function stalledResponse() {
  const written: string[] = [];
  let buffered = 0;
  const res = {
    headersSent: false,
    status() {
      return res;
    },
    setHeader() {},
    flushHeaders() {
      res.headersSent = true;
    },
    get writableLength() {
      return buffered;
    },
    write(chunk: string) {
      written.push(chunk);
      buffered += Buffer.byteLength(chunk);
      return false;
    },
    end() {},
  };
  return { res: res as unknown as Response, written, buffered: () => buffered };
}

describe('streamRun', () => {
  it('holds at most about MAX_BUFFERED_RUN_OUTPUT for a client that does not read, and says what it dropped', async () => {
    const { res, written, buffered } = stalledResponse();
    const line = 'y'.repeat(1000);
    await streamRun(res, async onLine => {
      // 50 MB of output, as `yes` prints in a moment.
      for (let i = 0; i < 50_000; i++) onLine(line);
      return { exitCode: 0, output: '' };
    });
    expect(buffered()).toBeLessThan(MAX_BUFFERED_RUN_OUTPUT + 10_000);
    const last = written.slice(-2).map(w => JSON.parse(w));
    expect(last[0].line).toMatch(
      /^\[\d+ lines not sent: output came faster than it was read/,
    );
    expect(last[1]).toEqual({ exitCode: 0 });
  });
});
