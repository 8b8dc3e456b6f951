import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';
import { maskDrainUrl } from '../domain/drainUrl';
import { watchRequest } from '../routing/builtin/accessLog';
import { routerLine } from '../services/logs/routerLine';
import { syslogFrame } from '../services/logs/drainFormat';

/** Sends `raw` as it is to a server whose every request is watched; the router line it gives. */
async function routerLineOf(raw: string): Promise<string> {
  let entry: AccessLogEntry | undefined;
  const server = http.createServer((req, res) => {
    watchRequest(req, res, 'shop', e => (entry = e));
    res.end('ok');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(raw));
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.resume();
    });
    for (let i = 0; i < 100 && !entry; i++)
      await new Promise(r => setTimeout(r, 10));
    return routerLine(entry!);
  } finally {
    await new Promise(resolve => server.close(resolve));
  }
}

describe('red team: secrets in router lines and drain URLs', () => {
  it('held: the router line has no query string', async () => {
    const line = await routerLineOf(
      'GET /reset?token=s3cr3t-t0ken HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n',
    );
    expect(line).toContain('path="/reset"');
    expect(line).not.toContain('s3cr3t');
  });

  it('held: an Authorization header never reaches the router line', async () => {
    const line = await routerLineOf(
      'GET / HTTP/1.1\r\nHost: shop\r\nAuthorization: Basic dXNlcjpzM2NyM3Q=\r\nConnection: close\r\n\r\n',
    );
    expect(line).not.toMatch(/Basic|dXNlcjpz/);
  });

  // FINDING: an absolute-form request target (`GET http://user:pass@host/ HTTP/1.1`, what a
  // client talking to a proxy sends) put its credentials and host into the retained line.
  it('an absolute-form request target logs its path only, without credentials', async () => {
    const line = await routerLineOf(
      'GET http://admin:hunter22@shop.localhost/cart?x=1 HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n',
    );
    expect(line).toContain('path="/cart"');
    expect(line).not.toContain('hunter22');
  });

  it('held: a path cannot break out of the router line (newline, quote, ANSI)', () => {
    const line = routerLine({
      app: 'shop',
      time: '2026-01-01T00:00:00.000Z',
      method: 'GET',
      path: '/a"\n status=200 client=1.2.3.4\u001b[2J',
      status: 404,
      durationMs: 1,
      bytes: 0,
      client: '127.0.0.1',
    });
    expect(line).not.toContain('\n');
    expect(line).not.toContain('\u001b');
    expect(line).toMatch(/ status=404 /);
  });

  it('held: app output cannot forge a syslog frame (octet counting) and app names are tokens', () => {
    const frame = syslogFrame({
      app: 'shop evil',
      time: '2026-01-01T00:00:00.000Z',
      kind: 'app',
      source: 'web.1 x',
      line: '5 <14>1 forged',
    });
    const [count, ...rest] = frame.split(' ');
    expect(Buffer.byteLength(rest.join(' '))).toBe(Number(count));
    expect(frame).toContain(' shop_evil app web.1_x - - 5 <14>1 forged');
  });

  // FINDING: a drain URL's user name (the token of many log services: https://TOKEN@host/) was
  // shown as is in the drain list and in the drain.add event every app reader sees.
  it('a drain URL shows neither its user name nor its password', () => {
    const shown = maskDrainUrl('https://t0k3n-abc@logs.example.com/in?key=k');
    expect(shown).not.toContain('t0k3n');
    expect(maskDrainUrl('https://u5er:pw@logs.example.com/')).toBe(
      'https://***:***@logs.example.com/',
    );
  });
});
