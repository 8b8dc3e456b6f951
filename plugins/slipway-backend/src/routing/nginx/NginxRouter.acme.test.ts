import { TestDatabases } from '@backstage/backend-test-utils';
import http from 'node:http';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { AcmeChallenges, AcmeIssuer, acmeCertName } from '../../acme';
import {
  pebbleIssuer,
  startPebble,
  type Pebble,
} from '../../acme/testing/pebble';
import { buildRouteTable } from '../../reconciler/routeTable';
import { testServices } from '../../services/__testUtils__/testServices';
import { send } from '../builtin/testing/http';
import { NginxRouter } from './NginxRouter';
import type { NginxOptions } from './options';
import { tempDir, testOptions } from './testing/helpers';

jest.setTimeout(180_000);

const DOMAIN = 'shop.example.com';
const PREFIX = '/.well-known/acme-challenge/';

/** An app process that records every path it is asked for. */
async function recordingUpstream() {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ app: 'shop', path: req.url }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    paths,
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The nginx router, Debian's pebble and the real ledger (SQLite): issue, serve, renew, fail. */
describe('AcmeIssuer on the nginx router (pebble, real nginx)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let t: Awaited<ReturnType<typeof testServices>>;
  let options: NginxOptions;
  let router: NginxRouter;
  let pebble: Pebble;
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let challenges: AcmeChallenges;
  let issuer: AcmeIssuer;
  let clock: Date;
  let agent: Agent | undefined;
  const failures: { app: string; domain: string; reason: string }[] = [];

  const route = async () => {
    const result = await router.apply(
      await buildRouteTable(
        t.ledger,
        router,
        new Map([['shop', { addresses: [upstream.address] }]]),
      ),
    );
    expect(result.rejected).toEqual([]);
  };
  const peerFingerprint = (host: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = tlsConnect(
        {
          host: '127.0.0.1',
          port: options.httpsPort,
          servername: host,
          rejectUnauthorized: false,
        },
        () => {
          resolve(socket.getPeerX509Certificate()!.fingerprint256);
          socket.end();
        },
      );
      socket.on('error', reject);
    });
  const fingerprintOf = async (host: string) =>
    (await t.ledger.certs.list('shop')).find(c => c.name === acmeCertName(host))
      ?.fingerprint;

  beforeAll(async () => {
    clock = new Date();
    t = await testServices(await databases.init('SQLITE_3'), {
      now: () => clock,
    });
    // Ports in this suite's own range (pebble checks HTTP-01 answers on the router's HTTP port).
    options = await testOptions(tempDir(), {
      httpPort: 22910,
      httpsPort: 22911,
      statusPort: 22912,
      acmePort: 22913,
    });
    router = new NginxRouter(options, t.logger);
    await router.apply([]);
    pebble = await startPebble({ basePort: 22900, httpPort: 22910 });
    challenges = new AcmeChallenges();
    await router.serveAcmeChallenges(challenges);
    upstream = await recordingUpstream();
    ({ issuer, agent } = pebbleIssuer(
      pebble,
      { ledger: t.ledger, challenges, logger: t.logger, now: () => clock },
      failures,
    ));
    await t.services.apps.create(t.jane, { name: 'shop' });
    await t.services.domains.add(t.jane, 'shop', { domain: DOMAIN });
    // Accepted with the nginx router (it was refused as planned before).
    await t.services.settings.patch(t.jane, 'shop', { autoTls: true });
    await route();
  });

  afterAll(async () => {
    await router?.close();
    await upstream?.close();
    await pebble?.close();
    agent?.destroy();
  });

  it('issues a certificate nginx serves over HTTPS', async () => {
    await expect(
      send(options.httpsPort, DOMAIN, { tls: { servername: DOMAIN } }),
    ).rejects.toThrow();
    await issuer.run();
    const state = await t.ledger.acme.get(DOMAIN);
    expect(state).toMatchObject({ app: 'shop', state: 'issued' });
    expect(state!.lastError).toBeUndefined();
    await route();
    const root = await pebble.issuingRoot();
    const reply = await send(options.httpsPort, DOMAIN, {
      tls: { servername: DOMAIN, ca: root },
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).app).toBe('shop');
    expect(await peerFingerprint(DOMAIN)).toBe(await fingerprintOf(DOMAIN));
    // The directory fetched its answer from nginx; the app never saw the challenge path.
    expect(upstream.paths.filter(p => p.includes('acme'))).toEqual([]);
  });

  it('renews the certificate before it expires and nginx serves the new one', async () => {
    const before = (await t.ledger.acme.get(DOMAIN))!;
    const oldFingerprint = await fingerprintOf(DOMAIN);
    clock = new Date(new Date(before.nextRenewal!).getTime() + 60_000);
    await issuer.run();
    expect((await t.ledger.acme.get(DOMAIN))!.state).toBe('issued');
    const newFingerprint = await fingerprintOf(DOMAIN);
    expect(newFingerprint).not.toBe(oldFingerprint);
    await route();
    expect(await peerFingerprint(DOMAIN)).toBe(newFingerprint);
    clock = new Date();
  });

  it('records why a domain failed and keeps serving it over HTTP', async () => {
    const broken = 'broken.example.com';
    await t.services.domains.add(t.jane, 'shop', { domain: broken });
    await route();
    // The directory looks for the answer where nothing listens (nginx listens on every loopback
    // address, so a documentation address that refuses at once).
    await pebble.addA(broken, '192.0.2.1');
    await issuer.run();
    const state = (await t.ledger.acme.get(broken))!;
    expect(state.state).toBe('failed');
    expect(state.lastError).toMatch(/192\.0\.2\.1|connection refused|connect/i);
    expect(failures).toEqual([
      expect.objectContaining({ app: 'shop', domain: broken }),
    ]);
    const listed = await t.services.domains.list(t.jane, 'shop');
    expect(listed.find(d => d.domain === broken)!.autoTls).toMatchObject({
      state: 'failed',
      lastError: state.lastError,
    });
    await route();
    const reply = await send(options.httpPort, broken);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).app).toBe('shop');
  });

  it('answers the challenge path only with tokens waited on for that host; tricks get 404 and reach nothing', async () => {
    challenges.add(DOMAIN, 'tok_en-1', 'tok_en-1.thumb');
    const seenBefore = upstream.paths.length;
    const ok = await send(options.httpPort, DOMAIN, {
      path: `${PREFIX}tok_en-1`,
    });
    expect(ok).toMatchObject({ status: 200, body: 'tok_en-1.thumb' });
    expect(
      (
        await send(options.httpPort, DOMAIN, {
          path: `${PREFIX}tok_en-1`,
          method: 'HEAD',
        })
      ).status,
    ).toBe(200);
    const tricks: { host?: string; path: string; method?: string }[] = [
      { host: 'other.example.com', path: `${PREFIX}tok_en-1` },
      { host: 'shop.apps.test', path: `${PREFIX}tok_en-1` },
      { path: `${PREFIX}nope` },
      { path: `${PREFIX}tok_en-1`, method: 'POST' },
      { path: `${PREFIX}tok_en-1`, method: 'PUT' },
      { path: `${PREFIX}../../etc/passwd` },
      { path: `${PREFIX}../../api/slipway/apps` },
      { path: `${PREFIX}%2e%2e%2fkey` },
      { path: `${PREFIX}..%2f..%2fapi` },
      { path: '/.well-known/acme-challenge%2Ftok_en-1' },
      { path: `/x/..${PREFIX}tok_en-1` },
      { path: `${PREFIX}tok_en-1/extra` },
      { path: `${PREFIX}` },
    ];
    for (const trick of tricks) {
      const reply = await send(options.httpPort, trick.host ?? DOMAIN, {
        path: trick.path,
        method: trick.method,
      });
      expect({ ...trick, status: reply.status }).toEqual({
        ...trick,
        status: 404,
      });
      expect(reply.body).not.toContain('thumb');
    }
    // None of it reached the app.
    expect(upstream.paths.slice(seenBefore)).toEqual([]);
    // The responder itself listens on loopback only and answers nothing but challenges.
    expect(
      (await send(options.acmePort, DOMAIN, { path: '/api/slipway/apps' }))
        .status,
    ).toBe(404);
    challenges.remove(DOMAIN, 'tok_en-1');
    expect(
      (await send(options.httpPort, DOMAIN, { path: `${PREFIX}tok_en-1` }))
        .status,
    ).toBe(404);
    // Other paths still reach the app.
    expect(
      JSON.parse(
        (await send(options.httpPort, DOMAIN, { path: '/.well-known/other' }))
          .body,
      ).path,
    ).toBe('/.well-known/other');
  });

  it('limits challenge requests per client address (429 beyond the burst); the directory still validates', async () => {
    const burst = async (host: string) => {
      const replies = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          send(options.httpPort, host, { path: `${PREFIX}burst${i}` }),
        ),
      );
      return replies.map(r => r.status);
    };
    for (const host of [DOMAIN, 'nobody.example.org']) {
      const statuses = await burst(host);
      expect(statuses.filter(s => s === 429).length).toBeGreaterThan(30);
      expect(statuses.filter(s => s !== 429 && s !== 404)).toEqual([]);
      // The bucket drains (10 a second, burst 20).
      await new Promise(resolve => setTimeout(resolve, 2500));
    }
    // Pebble's validation (from the same loopback address) still gets through: a new domain issues.
    const fresh = 'fresh.example.com';
    await t.services.domains.add(t.jane, 'shop', { domain: fresh });
    await route();
    await issuer.run();
    expect((await t.ledger.acme.get(fresh))?.state).toBe('issued');
  });
});
