import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { request } from 'node:http';
import type { Route, RouteTable } from '@slipway/plugin-slipway-node';
import { BuiltinRouter } from './BuiltinRouter';
import { createBuiltinRouter } from './createBuiltinRouter';
import {
  loadLoop,
  selfSignedCertificate,
  send,
  startUpstream,
  testRoute,
  type TestUpstream,
} from './testing/http';

jest.setTimeout(60_000);

describe('BuiltinRouter', () => {
  let router: BuiltinRouter;
  let upstreams: TestUpstream[];
  let http: number;
  let https: number;

  const upstream = async (
    name: string,
    handler?: Parameters<typeof startUpstream>[1],
  ) => {
    const u = await startUpstream(name, handler);
    upstreams.push(u);
    return u;
  };
  const apply = async (table: RouteTable) => {
    const result = await router.apply(table);
    ({ httpPort: http, httpsPort: https } = router.listening()!);
    return result;
  };
  const json = (body: string) => JSON.parse(body);

  beforeEach(() => {
    upstreams = [];
    router = new BuiltinRouter({
      httpPort: 0,
      httpsPort: 0,
      host: '127.0.0.1',
      platformDomain: 'localhost',
    });
  });

  afterEach(async () => {
    await router.close();
    await Promise.all(upstreams.map(u => u.close()));
  });

  it('is created from config and names default URLs', async () => {
    const made = createBuiltinRouter({
      config: new ConfigReader({ slipway: { builtin: { httpPort: 80 } } }),
      logger: mockServices.logger.mock(),
      dataDir: '/unused',
      platformDomain: 'apps.example.com',
    });
    expect(made.defaultHost('shop')).toBe('shop.apps.example.com');
    expect(made.defaultUrl('shop')).toBe('http://shop.apps.example.com');
    expect(router.defaultUrl('shop')).toBe('http://shop.localhost:0');
    expect(() =>
      createBuiltinRouter({
        config: new ConfigReader({ slipway: { builtin: { httpPort: 70000 } } }),
        logger: mockServices.logger.mock(),
        dataDir: '/unused',
        platformDomain: 'localhost',
      }),
    ).toThrow(/httpPort/);
  });

  it('routes by Host header and forwards who asked', async () => {
    const a = await upstream('alpha');
    const b = await upstream('beta');
    await apply([
      testRoute('alpha', { upstream: { addresses: [a.address] } }),
      testRoute('beta', { upstream: { addresses: [b.address] } }),
    ]);
    expect(router.defaultUrl('alpha')).toBe(`http://alpha.localhost:${http}`);

    const ra = await send(http, `alpha.localhost:${http}`, { path: '/x?y=1' });
    expect(ra.status).toBe(200);
    const seen = json(ra.body);
    expect(seen).toMatchObject({ app: 'alpha', url: '/x?y=1' });
    expect(seen.headers).toMatchObject({
      host: `alpha.localhost:${http}`,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': `alpha.localhost:${http}`,
    });
    expect(seen.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(ra.headers['x-request-id']).toBe(seen.headers['x-request-id']);

    const rb = await send(http, 'BETA.localhost', {
      headers: {
        'x-forwarded-for': '203.0.113.9',
        'x-request-id': 'trace-12345678',
      },
    });
    expect(json(rb.body).app).toBe('beta');
    expect(json(rb.body).headers['x-forwarded-for']).toBe(
      '203.0.113.9, 127.0.0.1',
    );
    expect(rb.headers['x-request-id']).toBe('trace-12345678');

    const unknown = await send(http, 'gamma.localhost');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('There is no app at this address');
  });

  it('routes custom domains and one-label wildcards, exact names first', async () => {
    const shop = await upstream('shop');
    const special = await upstream('special');
    await apply([
      testRoute('shop', {
        hosts: [
          { host: 'shop.localhost' },
          { host: '*.shop.example.com' },
          { host: 'www.example.com' },
        ],
        upstream: { addresses: [shop.address] },
      }),
      testRoute('special', {
        hosts: [
          { host: 'special.localhost' },
          { host: 'vip.shop.example.com' },
        ],
        upstream: { addresses: [special.address] },
      }),
    ]);
    expect(json((await send(http, 'www.example.com')).body).app).toBe('shop');
    expect(json((await send(http, 'eu.shop.example.com')).body).app).toBe(
      'shop',
    );
    expect(json((await send(http, 'vip.shop.example.com')).body).app).toBe(
      'special',
    );
    expect((await send(http, 'a.b.shop.example.com')).status).toBe(404);
    expect((await send(http, 'shop.example.com')).status).toBe(404);
  });

  it('serves TLS with the certificate chosen by SNI, including wildcard certificates', async () => {
    const app = await upstream('secure');
    const exact = selfSignedCertificate(['secure.example.com']);
    const wildcard = selfSignedCertificate(['*.wild.example.com']);
    await apply([
      testRoute('secure', {
        hosts: [
          { host: 'secure.localhost' },
          { host: 'secure.example.com', tls: { certName: 'exact', ...exact } },
          {
            host: '*.wild.example.com',
            tls: { certName: 'wild', ...wildcard },
          },
        ],
        upstream: { addresses: [app.address] },
        hsts: {
          enabled: true,
          maxAge: 31536000,
          includeSubdomains: true,
          preload: false,
        },
      }),
    ]);
    const r1 = await send(https, 'secure.example.com', {
      tls: { servername: 'secure.example.com', ca: exact.certificate },
    });
    expect(r1.status).toBe(200);
    expect(r1.peerSubject).toBe('secure.example.com');
    expect(json(r1.body).headers['x-forwarded-proto']).toBe('https');
    expect(r1.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );

    const r2 = await send(https, 'api.wild.example.com', {
      tls: { servername: 'api.wild.example.com', ca: wildcard.certificate },
    });
    expect(r2.status).toBe(200);
    expect(r2.peerSubject).toBe('*.wild.example.com');

    // No certificate for the name: the handshake fails rather than serving someone else's.
    await expect(
      send(https, 'other.example.com', {
        tls: { servername: 'other.example.com' },
      }),
    ).rejects.toThrow();
    // HSTS is only sent over https.
    expect(
      (await send(http, 'secure.example.com')).headers[
        'strict-transport-security'
      ],
    ).toBeUndefined();
  });

  it('redirects to https when the app is https-only', async () => {
    const app = await upstream('strict');
    await apply([
      testRoute('strict', {
        httpsOnly: true,
        upstream: { addresses: [app.address] },
      }),
    ]);
    const r = await send(http, 'strict.localhost', { path: '/a/b?c=d' });
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe(
      `https://strict.localhost:${https}/a/b?c=d`,
    );
  });

  it('answers 403 to clients outside the allowlist (IPv4, IPv6 and mapped addresses)', async () => {
    const app = await upstream('inner');
    const withAllowlist = (allowlist: string[]) =>
      apply([
        testRoute('inner', {
          allowlist,
          upstream: { addresses: [app.address] },
        }),
      ]);
    await withAllowlist(['10.0.0.0/8', '2001:db8::/32']);
    const denied = await send(http, 'inner.localhost');
    expect(denied.status).toBe(403);
    expect(denied.body).toContain('not allowed');
    await withAllowlist(['10.0.0.0/8', '127.0.0.0/8']);
    expect((await send(http, 'inner.localhost')).status).toBe(200);
    await withAllowlist(['::ffff:127.0.0.1/128']);
    expect((await send(http, 'inner.localhost')).status).toBe(200);
  });

  it('shows the maintenance page, and 503 when the app has no web process', async () => {
    const app = await upstream('busy');
    await apply([
      testRoute('busy', {
        maintenance: true,
        upstream: { addresses: [app.address] },
      }),
      testRoute('empty'),
    ]);
    const maintenance = await send(http, 'busy.localhost');
    expect(maintenance.status).toBe(503);
    expect(maintenance.body).toContain('maintenance');
    const empty = await send(http, 'empty.localhost');
    expect(empty.status).toBe(503);
    expect(empty.body).toContain('no web processes');
  });

  it('refuses bodies over the limit with 413, by length or while streaming', async () => {
    const app = await upstream('upload');
    await apply([
      testRoute('upload', {
        bodySize: '1k',
        upstream: { addresses: [app.address] },
      }),
    ]);
    const small = await send(http, 'upload.localhost', {
      method: 'POST',
      body: 'x'.repeat(1000),
    });
    expect(small.status).toBe(200);
    expect(json(small.body).bodyLength).toBe(1000);
    const declared = await send(http, 'upload.localhost', {
      method: 'POST',
      body: 'x'.repeat(2048),
    });
    expect(declared.status).toBe(413);
    const chunked = await send(http, 'upload.localhost', {
      method: 'POST',
      body: 'x'.repeat(2048),
      chunked: true,
    });
    expect(chunked.status).toBe(413);
  });

  it('answers 504 when the app is too slow and 502 when nothing listens', async () => {
    const silent = await upstream('silent', () => {
      /* never answers */
    });
    const closed = await startUpstream('gone');
    await closed.close();
    await apply([
      testRoute('slow', {
        readTimeout: 1,
        upstream: { addresses: [silent.address] },
      }),
      testRoute('dead', { upstream: { addresses: [closed.address] } }),
    ]);
    expect((await send(http, 'slow.localhost')).status).toBe(504);
    expect((await send(http, 'dead.localhost')).status).toBe(502);
  });

  it('balances round-robin and retries the next address when one refuses', async () => {
    const one = await upstream('one');
    const two = await upstream('two');
    const closed = await startUpstream('gone');
    await closed.close();
    await apply([
      testRoute('pool', {
        upstream: { addresses: [one.address, closed.address, two.address] },
      }),
    ]);
    const answers: string[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await send(http, 'pool.localhost');
      expect(r.status).toBe(200);
      answers.push(json(r.body).app);
    }
    expect(answers.filter(a => a === 'one').length).toBeGreaterThanOrEqual(3);
    expect(answers.filter(a => a === 'two').length).toBeGreaterThanOrEqual(3);
  });

  it('passes websocket upgrades through', async () => {
    const echo = await upstream('ws', (_req, res) => res.end('plain'));
    echo.server.on('upgrade', (req, socket) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `X-Seen-Proto: ${req.headers['x-forwarded-proto']}\r\n\r\n`,
      );
      socket.on('data', data => socket.write(`echo:${data}`));
      socket.on('end', () => socket.end());
    });
    await apply([testRoute('ws', { upstream: { addresses: [echo.address] } })]);
    const answer = await new Promise<{
      status: number;
      proto: unknown;
      echoed: string;
    }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: http,
        headers: {
          host: 'ws.localhost',
          connection: 'Upgrade',
          upgrade: 'websocket',
        },
      });
      req.on('upgrade', (res, socket) => {
        socket.write('hello');
        socket.once('data', data => {
          resolve({
            status: res.statusCode!,
            proto: res.headers['x-seen-proto'],
            echoed: String(data),
          });
          socket.destroy();
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer).toEqual({
      status: 101,
      proto: 'http',
      echoed: 'echo:hello',
    });
  });

  it('is deterministic: the same table (in any order) changes nothing', async () => {
    const a = await upstream('alpha');
    const table = [
      testRoute('alpha', { upstream: { addresses: [a.address] } }),
      testRoute('beta', {
        hosts: [{ host: 'beta.localhost' }, { host: 'beta.example.com' }],
      }),
    ];
    expect(await apply(table)).toEqual({ changed: true, rejected: [] });
    expect(await apply(table)).toEqual({ changed: false, rejected: [] });
    const reordered = JSON.parse(
      JSON.stringify([...table].reverse()),
    ) as Route[];
    expect(await apply(reordered)).toEqual({ changed: false, rejected: [] });
    expect(await apply([table[0]])).toEqual({ changed: true, rejected: [] });
    expect((await send(http, 'beta.example.com')).status).toBe(404);
  });

  it('leaves out routes that cannot be used and keeps their previous version', async () => {
    const a = await upstream('alpha');
    const b = await upstream('beta');
    const good = selfSignedCertificate(['alpha.example.com']);
    const other = selfSignedCertificate(['other.example.com']);
    const alpha = (tlsKey: string, addresses: string[]) =>
      testRoute('alpha', {
        hosts: [
          { host: 'alpha.localhost' },
          {
            host: 'alpha.example.com',
            tls: { certName: 'c', certificate: good.certificate, key: tlsKey },
          },
        ],
        upstream: { addresses },
      });
    await apply([alpha(good.key, [a.address])]);

    // The key does not belong to the certificate; the app keeps its working route.
    const result = await apply([
      alpha(other.key, [b.address]),
      testRoute('beta', { upstream: { addresses: [b.address] } }),
      testRoute('thief', { hosts: [{ host: 'beta.localhost' }] }),
      testRoute('broken', {
        bodySize: 'lots',
        hosts: [{ host: 'broken.localhost' }],
      }),
    ]);
    expect(result.changed).toBe(true);
    expect(result.rejected.map(r => r.app)).toEqual([
      'alpha',
      'broken',
      'thief',
    ]);
    expect(result.rejected[0].reason).toMatch(
      /certificate c for alpha.example.com cannot be used/,
    );
    expect(result.rejected[2].reason).toMatch(/already routed to app beta/);
    expect(json((await send(http, 'alpha.localhost')).body).app).toBe('alpha');
    const tls = await send(https, 'alpha.example.com', {
      tls: { servername: 'alpha.example.com', ca: good.certificate },
    });
    expect(tls.status).toBe(200);
    expect(json((await send(http, 'beta.localhost')).body).app).toBe('beta');
    expect((await send(http, 'broken.localhost')).status).toBe(404);
  });

  it('drops no request across 50 table swaps under load', async () => {
    const one = await upstream('one');
    const two = await upstream('two');
    const table = (i: number): RouteTable => [
      testRoute('load', {
        hosts: [{ host: 'load.localhost' }, { host: `extra${i}.example.com` }],
        upstream: {
          addresses: i % 2 ? [one.address] : [two.address, one.address],
        },
      }),
      ...(i % 3 === 0 ? [testRoute(`other${i}`)] : []),
    ];
    await apply(table(0));
    const load = loadLoop(6, async () => {
      const r = await send(http, 'load.localhost');
      if (r.status !== 200) throw new Error(`status ${r.status}`);
      return r.status;
    });
    for (let i = 1; i <= 50; i++) {
      expect((await apply(table(i))).changed).toBe(true);
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const { ok, failed } = await load.stop();
    expect(failed).toEqual([]);
    expect(ok.length).toBeGreaterThan(50);
  });

  it('says why it cannot start when its port is taken', async () => {
    const taken = await upstream('taken');
    const blocked = new BuiltinRouter({
      httpPort: taken.port,
      httpsPort: 0,
      host: '127.0.0.1',
      platformDomain: 'localhost',
    });
    await expect(blocked.apply([])).rejects.toThrow(
      /cannot listen on 127.0.0.1/,
    );
    await blocked.close();
  });
});
