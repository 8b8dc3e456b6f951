import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';
import { AcmeChallenges } from '../acme';
import { NginxRouter } from '../routing/nginx/NginxRouter';
import type { NginxOptions } from '../routing/nginx/options';
import { route, tempDir, testOptions } from '../routing/nginx/testing/helpers';

jest.setTimeout(120_000);

const PREFIX = '/.well-known/acme-challenge/';
const SHOP = 'shop.example.com';

/** A raw request, so the target, the framing and the Host are exactly what an attacker sends. */
function raw(port: number, text: string | Buffer, ms = 3000) {
  return new Promise<string>(resolve => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', c => {
      answer += c;
    });
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', () => resolve(answer));
  });
}

/** An app process that records every request line it is asked for. */
async function recordingApp() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
    res.end('app');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    seen,
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const until = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
};

describe('red team: ACME challenge path and access-log feed of the nginx router', () => {
  let dir: string;
  let options: NginxOptions;
  let router: NginxRouter;
  let app: Awaited<ReturnType<typeof recordingApp>>;
  let other: Awaited<ReturnType<typeof recordingApp>>;
  const challenges = new AcmeChallenges();
  const lines: AccessLogEntry[] = [];

  beforeAll(async () => {
    dir = tempDir();
    // This suite's own ports (27010-27014).
    options = await testOptions(dir, {
      httpPort: 27010,
      httpsPort: 27011,
      statusPort: 27012,
      accessLogPort: 27013,
      acmePort: 27014,
    });
    router = new NginxRouter(options, mockServices.logger.mock());
    await router.serveAcmeChallenges(challenges);
    router.onAccessLog(entry => lines.push(entry));
    app = await recordingApp();
    other = await recordingApp();
    await router.apply([
      route('shop', {
        hosts: [{ host: SHOP }],
        autoTls: true,
        upstream: { addresses: [app.address] },
      }),
      route('other', {
        hosts: [{ host: 'other.example.com' }],
        upstream: { addresses: [other.address] },
      }),
    ]);
    challenges.add(SHOP, 'tok', 'tok.thumb');
  });
  afterAll(async () => {
    await router?.close();
    await app?.close();
    await other?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('challenge tricks never reach the app, the backend or another answer', async () => {
    const port = options.httpPort;
    const req = (target: string, head = `Host: ${SHOP}\r\n`) =>
      raw(port, `GET ${target} HTTP/1.1\r\n${head}Connection: close\r\n\r\n`);
    // What the directory asks: answered.
    expect(await req(`${PREFIX}tok`)).toMatch(/^HTTP\/1\.1 200[^]*tok\.thumb$/);
    // Host with port and in capitals: the same host.
    expect(
      await req(`${PREFIX}tok`, `Host: SHOP.example.com:${port}\r\n`),
    ).toMatch(/^HTTP\/1\.1 200/);
    const refused = [
      // HTTP/1.0 without Host: the default server, no host, no answer.
      await raw(port, `GET ${PREFIX}tok HTTP/1.0\r\n\r\n`),
      // Another host's token (the default server forwards too).
      await req(`${PREFIX}tok`, 'Host: nobody.example.com\r\n'),
      // Doubled and encoded slashes, traversal, a huge token.
      await req(`/${PREFIX}tok`),
      await req(`${PREFIX}/tok`),
      await req(`${PREFIX}%74ok`),
      await req(`${PREFIX}tok%00`),
      await req(`${PREFIX}tok/..`),
      await req(`${PREFIX}..;/tok`),
      await req(`${PREFIX}${'A'.repeat(4000)}`),
      // Absolute-form naming the app's host with a different Host header: nginx takes the
      // request line's host, but the answer is for the host it names.
      await req(`http://nobody.example.com${PREFIX}tok`, `Host: ${SHOP}\r\n`),
    ];
    // 404 from the responder (nginx's own 400 for a NUL byte): never an answer, never the app.
    expect(
      refused.map(
        a => /^HTTP\/1\.1 (404|400) /.test(a) && !a.includes('thumb'),
      ),
    ).toEqual(refused.map(() => true));
    // An app without autoTls keeps the challenge path for itself (it may answer its own).
    expect(
      await req(`${PREFIX}tok`, 'Host: other.example.com\r\n'),
    ).not.toContain('tok.thumb');
    expect(other.seen).toEqual([`GET ${PREFIX}tok host=other.example.com`]);
    other.seen.length = 0;
    // Smuggling: CL+TE to the challenge path, with a request to the app hidden in the body.
    const smuggled = `GET /smuggled HTTP/1.1\r\nHost: ${SHOP}\r\n\r\n`;
    const body = `0\r\n\r\n${smuggled}`;
    const answer = await raw(
      port,
      `POST ${PREFIX}tok HTTP/1.1\r\nHost: ${SHOP}\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
    );
    expect(answer).not.toContain('tok.thumb');
    // An Upgrade to the responder: no tunnel to it.
    const upgrade = await req(
      `${PREFIX}tok`,
      `Host: ${SHOP}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`,
    );
    expect(upgrade).not.toMatch(/^HTTP\/1\.1 101/);
    // None of it reached the app, save the smuggled request nginx read as the next one on the
    // connection (its own request, to the app's own host: no desync).
    expect(app.seen.filter(s => !s.startsWith('GET /smuggled'))).toEqual([]);
    expect(other.seen).toEqual([]);
  });

  it('the feed secret is only in the 0600 include file, never in nginx.conf or the process list', async () => {
    const format = fs.readFileSync(
      path.join(options.configDir, 'access-log', 'feed-format.conf'),
      'utf8',
    );
    const secret = /"key":"([0-9a-f]{48})"/.exec(format)![1];
    const holders: string[] = [];
    const walk = (at: string) => {
      for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
        const file = path.join(at, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.isFile() && fs.readFileSync(file).includes(secret)) {
          holders.push(
            `${path.relative(options.configDir, file)} ${(
              fs.statSync(file).mode & 0o777
            ).toString(8)}`,
          );
        }
      }
    };
    walk(options.configDir);
    expect(holders).toEqual(['access-log/feed-format.conf 600']);
    for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
      let cmdline = '';
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        // Gone meanwhile.
      }
      expect(cmdline).not.toContain(secret);
    }
  });

  it('request fields cannot forge a line, another app or a query value into the feed', async () => {
    lines.length = 0;
    const port = options.httpPort;
    const inject = '","app":"other","status":500,"key":"x';
    const targets = [
      `/a%22b/${encodeURIComponent(inject)}`,
      `/q"uote\\back/${inject.replaceAll(' ', '')}`,
      '/x\\x22y\\u0022',
      '/cart;jsessionid=S3CRET;token=S3CRET',
      '/cart%3Ftoken=S3CRETENC',
      '/cart?token=S3CRETQ',
      `/${'p'.repeat(7000)}`,
    ];
    for (const target of targets) {
      await raw(
        port,
        `GET ${target} HTTP/1.1\r\nHost: ${SHOP}\r\nUser-Agent: "\n\r\nConnection: close\r\n\r\n`,
      );
    }
    // Absolute-form naming another app's host: the app that served it is the one in the line.
    await raw(
      port,
      `GET http://other.example.com/abs HTTP/1.1\r\nHost: ${SHOP}\r\nConnection: close\r\n\r\n`,
    );
    await until(() => lines.length >= targets.length + 1);
    // nginx flushes its own access.log every second.
    await new Promise(resolve => setTimeout(resolve, 1500));
    expect(lines.filter(l => l.app === 'other').map(l => l.path)).toEqual([
      '/abs',
    ]);
    expect(other.seen.map(s => s.split(' ')[1])).toEqual(['/abs']);
    expect(lines.every(l => l.status !== 500)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('S3CRETQ');
    // Finding (low, fixed): `;` path parameters (`;jsessionid=`, `;token=`) went into router
    // lines and nginx's access.log; they are cut like the query now.
    expect(JSON.stringify(lines)).not.toContain('S3CRET;');
    expect(lines.map(l => l.path)).toContain('/cart');
    expect(
      fs.readFileSync(
        path.join(options.configDir, 'logs', 'access.log'),
        'utf8',
      ),
    ).not.toMatch(/jsessionid|S3CRETQ/);
    // Quotes, backslashes and `\x` sequences stay in the path, attributed to the app that served them.
    expect(lines.filter(l => l.app === 'shop')).toHaveLength(targets.length);
  });

  it('forged datagrams without the secret are refused', async () => {
    const before = lines.length;
    const socket = dgram.createSocket('udp4');
    const forged = Buffer.from(
      `<190>Dec  5 09:42:47 slipway: {"key":"${'0'.repeat(
        48,
      )}","app":"other","msec":1,"request_time":0,"method":"GET","path":"/forged","status":500,"bytes":0,"client":"1.2.3.4"}`,
    );
    const port = options.accessLogPort!;
    const send = (datagram: Buffer) =>
      new Promise<void>(resolve =>
        socket.send(datagram, port, '127.0.0.1', () => resolve()),
      );
    for (let i = 0; i < 2000; i++) await send(forged);
    // Near the largest datagram, queued: the feed stays bounded and refuses them.
    const huge = Buffer.alloc(60_000, 'a');
    for (let i = 0; i < 200; i++) await send(huge);
    socket.close();
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(lines.slice(before).filter(l => l.path === '/forged')).toEqual([]);
  });
});
