import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from '../args';
import { logs } from './logs';

const line = (time: string, text: string) =>
  `data: ${JSON.stringify({ time, source: 'web.1', line: text })}\n\n`;

describe('slipway logs --tail', () => {
  let server: http.Server;
  let baseUrl: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url?.startsWith('/api/slipway/apps/gone/')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'No app gone' } }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(line('2026-12-05T10:00:00Z', 'one'));
      res.write(line('2026-12-05T10:00:01Z', 'two'));
      const count = requests.filter(r => r.includes('/apps/shop/')).length;
      // The first connection drops (its replica died); the next starts again with the retained
      // tail, which now holds a line printed meanwhile.
      if (count === 1) setTimeout(() => res.socket?.destroy(), 20);
      else {
        res.write(line('2026-12-05T10:00:01Z', 'three'));
        res.end();
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('reconnects a dropped stream and shows each line once', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await logs(
      parseArgs(['logs', '--tail', '-a', 'shop']),
      { baseUrl, token: 't' },
      { out: t => out.push(t), err: t => err.push(t) },
      { retryDelaysMs: [10, 10] },
    );
    expect(code).toBe(0);
    expect(out.join('')).toBe(
      [
        '2026-12-05T10:00:00Z web.1: one',
        '2026-12-05T10:00:01Z web.1: two',
        '2026-12-05T10:00:01Z web.1: three',
        '',
      ].join('\n'),
    );
    expect(err[0]).toBe('reconnecting… (1/2)\n');
    // Dropped once, then the stream ends twice more before it gives up.
    expect(requests.filter(r => r.includes('/apps/shop/'))).toHaveLength(4);
  });

  it('does not retry an answer such as 404', async () => {
    const err: string[] = [];
    await expect(
      logs(
        parseArgs(['logs', '--tail', '-a', 'gone']),
        { baseUrl, token: 't' },
        { out: () => {}, err: t => err.push(t) },
        { retryDelaysMs: [10] },
      ),
    ).rejects.toThrow('No app gone');
    expect(err).toEqual([]);
  });
});
