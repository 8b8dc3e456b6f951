import { TestDatabases } from '@backstage/backend-test-utils';
import { X509Certificate } from 'node:crypto';
import { Agent } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { BuiltinRouter } from '../routing/builtin';
import {
  send,
  startUpstream,
  type TestUpstream,
} from '../routing/builtin/testing/http';
import { buildRouteTable } from '../reconciler/routeTable';
import { testServices } from '../services/__testUtils__/testServices';
import { AcmeChallenges, AcmeIssuer, acmeCertName } from '.';
import { pebbleIssuer, startPebble, type Pebble } from './testing/pebble';

jest.setTimeout(120_000);

const HTTP = 17910;
const HTTPS = 17911;
const DOMAIN = 'shop.example.com';
const DAY = 86_400_000;

/** The builtin router, Debian's pebble and the real ledger (SQLite): issue, serve, renew, fail. */
describe('AcmeIssuer on the builtin router (pebble)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let t: Awaited<ReturnType<typeof testServices>>;
  let router: BuiltinRouter;
  let pebble: Pebble;
  let upstream: TestUpstream;
  let issuer: AcmeIssuer;
  let clock: Date;
  let agent: Agent | undefined;
  const failures: { app: string; domain: string; reason: string }[] = [];

  const route = async () =>
    router.apply(
      await buildRouteTable(
        t.ledger,
        router,
        new Map([['shop', { addresses: [upstream.address] }]]),
      ),
    );
  /** The certificate the router presents for `host`, verified against pebble's root. */
  const served = async (host: string) => {
    const root = await pebble.issuingRoot();
    const reply = await send(HTTPS, host, {
      tls: { servername: host, ca: root },
    });
    return reply;
  };
  const fingerprintOf = async (host: string) => {
    const certs = await t.ledger.certs.list('shop');
    const cert = certs.find(c => c.name === acmeCertName(host));
    return cert?.fingerprint;
  };

  beforeAll(async () => {
    t = await testServices(await databases.init('SQLITE_3'), {
      now: () => clock,
    });
    clock = new Date();
    router = new BuiltinRouter({
      httpPort: HTTP,
      httpsPort: HTTPS,
      host: '127.0.0.1',
      platformDomain: 'apps.test',
    });
    await router.apply([]);
    pebble = await startPebble({ basePort: 17900, httpPort: HTTP });
    const challenges = new AcmeChallenges();
    router.serveAcmeChallenges(challenges);
    upstream = await startUpstream('shop');
    ({ issuer, agent } = pebbleIssuer(
      pebble,
      { ledger: t.ledger, challenges, logger: t.logger, now: () => clock },
      failures,
    ));
    await t.services.apps.create(t.jane, { name: 'shop' });
    await t.services.domains.add(t.jane, 'shop', { domain: DOMAIN });
    await t.services.settings.patch(t.jane, 'shop', { autoTls: true });
    await route();
  });

  afterAll(async () => {
    await router?.close();
    await upstream?.close();
    await pebble?.close();
    agent?.destroy();
  });

  it('issues a certificate the router serves over HTTPS', async () => {
    await expect(
      send(HTTPS, DOMAIN, { tls: { servername: DOMAIN } }),
    ).rejects.toThrow();
    await issuer.run();
    const state = await t.ledger.acme.get(DOMAIN);
    expect(state).toMatchObject({ app: 'shop', state: 'issued' });
    expect(state!.lastError).toBeUndefined();
    // Renewed 30 days before it expires.
    expect(
      new Date(state!.notAfter!).getTime() -
        new Date(state!.nextRenewal!).getTime(),
    ).toBe(30 * DAY);
    await route();
    const reply = await served(DOMAIN);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).app).toBe('shop');
    const stored = (await t.ledger.certs.withKeys(['shop'])).get(
      `shop/${acmeCertName(DOMAIN)}`,
    )!;
    expect(stored.sans).toEqual([DOMAIN]);
    expect(new X509Certificate(stored.certificate).issuer).toMatch(
      /Pebble Intermediate CA/,
    );
    expect((await t.ledger.domains.get(DOMAIN))!.cert).toBe(
      acmeCertName(DOMAIN),
    );
    // Nothing is due: a second run orders nothing.
    const fingerprint = await fingerprintOf(DOMAIN);
    await issuer.run();
    expect(await fingerprintOf(DOMAIN)).toBe(fingerprint);
  });

  it('stores the certificate key and the account key encrypted', async () => {
    const [account] = await t.knex('slipway_acme_accounts').select('*');
    expect(account.directory_url).toBe(pebble.directoryUrl);
    expect(account.private_key).toMatch(/^v1\./);
    expect(account.private_key).not.toContain('PRIVATE KEY');
    const [cert] = await t
      .knex('slipway_certs')
      .where({ name: acmeCertName(DOMAIN) });
    expect(cert.private_key).toMatch(/^v1\./);
  });

  it('renews the certificate before it expires and serves the new one', async () => {
    const before = (await t.ledger.acme.get(DOMAIN))!;
    const oldFingerprint = await fingerprintOf(DOMAIN);
    clock = new Date(new Date(before.nextRenewal!).getTime() + 60_000);
    await issuer.run();
    const after = (await t.ledger.acme.get(DOMAIN))!;
    expect(after.state).toBe('issued');
    const newFingerprint = await fingerprintOf(DOMAIN);
    expect(newFingerprint).not.toBe(oldFingerprint);
    expect((await t.ledger.certs.list('shop')).map(c => c.name)).toEqual([
      acmeCertName(DOMAIN),
    ]);
    await route();
    const reply = await served(DOMAIN);
    expect(reply.status).toBe(200);
    const peer = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect(
        {
          host: '127.0.0.1',
          port: HTTPS,
          servername: DOMAIN,
          rejectUnauthorized: false,
        },
        () => {
          resolve(socket.getPeerX509Certificate()!.fingerprint256);
          socket.end();
        },
      );
      socket.on('error', reject);
    });
    expect(peer).toBe(newFingerprint);
    clock = new Date();
  });

  it('records why a domain failed, tells the owner and keeps serving HTTP', async () => {
    const broken = 'broken.example.com';
    await t.services.domains.add(t.jane, 'shop', { domain: broken });
    // The directory looks for the answer where nothing listens.
    await pebble.addA(broken, '127.0.0.2');
    await issuer.run();
    const state = (await t.ledger.acme.get(broken))!;
    expect(state.state).toBe('failed');
    expect(state.lastError).toMatch(/127\.0\.0\.2|connection refused|connect/i);
    expect(new Date(state.nextRenewal!).getTime()).toBe(
      clock.getTime() + 3_600_000,
    );
    expect(failures).toEqual([
      expect.objectContaining({ app: 'shop', domain: broken }),
    ]);
    expect((await t.ledger.domains.get(broken))!.cert).toBeUndefined();
    // The Domains API shows each domain's state, next attempt and last error.
    const listed = await t.services.domains.list(t.jane, 'shop');
    expect(listed.find(d => d.domain === broken)!.autoTls).toEqual({
      state: 'failed',
      nextRenewal: state.nextRenewal,
      lastError: state.lastError,
      updatedAt: state.updatedAt,
    });
    expect(listed.find(d => d.domain === DOMAIN)!.autoTls).toMatchObject({
      state: 'issued',
    });
    await route();
    const reply = await send(HTTP, broken);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).app).toBe('shop');
    // Not retried before retryAfter.
    await issuer.run();
    expect(failures).toHaveLength(1);
  });

  it('answers the challenge path only with tokens the issuer waits on for that host', async () => {
    const challenges = new AcmeChallenges();
    router.serveAcmeChallenges(challenges);
    challenges.add(DOMAIN, 'tok_en-1', 'tok_en-1.thumb');
    const path = (p: string) => `/.well-known/acme-challenge/${p}`;
    const ok = await send(HTTP, DOMAIN, { path: path('tok_en-1') });
    expect(ok).toMatchObject({ status: 200, body: 'tok_en-1.thumb' });
    // Another host, an unknown token, a path that climbs, or a write: nothing.
    expect(
      (await send(HTTP, 'other.example.com', { path: path('tok_en-1') }))
        .status,
    ).toBe(404);
    expect((await send(HTTP, DOMAIN, { path: path('nope') })).status).toBe(404);
    expect(
      (await send(HTTP, DOMAIN, { path: path('../../../etc/passwd') })).status,
    ).toBe(404);
    expect(
      (await send(HTTP, DOMAIN, { path: path('%2e%2e%2fkey') })).status,
    ).toBe(404);
    expect(
      (await send(HTTP, DOMAIN, { path: path('tok_en-1'), method: 'POST' }))
        .status,
    ).toBe(404);
    challenges.remove(DOMAIN, 'tok_en-1');
    expect((await send(HTTP, DOMAIN, { path: path('tok_en-1') })).status).toBe(
      404,
    );
    // Other paths still reach the app.
    expect(
      JSON.parse(
        (await send(HTTP, DOMAIN, { path: '/.well-known/other' })).body,
      ).app,
    ).toBe('shop');
  });
});
