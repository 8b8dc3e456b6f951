import { TestDatabases } from '@backstage/backend-test-utils';
import { selfSignedCertificate } from '../routing/builtin/testing/http';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

// Real certificates, as a user makes them: `openssl req -x509 … -addext subjectAltName=…`.
const wildcard = selfSignedCertificate(['example.com', '*.example.com']);
const other = selfSignedCertificate(['other.org']);

describe('certificates attach to the domains they cover', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    const jane = () => s.as(users.jane);
    const certOf = async (domain: string) =>
      (await jane().get('/apps/shop/domains')).body.find(
        (d: { domain: string }) => d.domain === domain,
      )?.cert;

    beforeEach(async () => {
      s = await startSlipway({ database });
      await jane().post('/apps', { name: 'shop' }).expect(201);
    });
    afterEach(async () => {
      await s.stop();
    });

    it('attaches an uploaded certificate to the domains without one that it covers, and says so', async () => {
      for (const domain of [
        'example.com',
        'www.example.com',
        'a.b.example.com',
        'shop.other.org',
      ]) {
        await jane().post('/apps/shop/domains', { domain }).expect(201);
      }
      const added = await jane().post('/apps/shop/certs', {
        name: 'wildcard',
        ...wildcard,
      });
      expect(added.status).toBe(201);
      // The wildcard covers one label only: a.b.example.com stays without TLS.
      expect(added.body.domains).toEqual(['example.com', 'www.example.com']);
      expect(await certOf('www.example.com')).toBe('wildcard');
      expect(await certOf('a.b.example.com')).toBeUndefined();
      expect(await certOf('shop.other.org')).toBeUndefined();
      await s.eventually(() =>
        expect(
          s.router.lastTable[0].hosts.find(h => h.host === 'www.example.com')
            ?.tls?.certName,
        ).toBe('wildcard'),
      );
      const events = (await jane().get('/apps/shop/events')).body.items;
      expect(
        events
          .filter((e: { type: string }) => e.type === 'cert.attach')
          .map((e: { message: string }) => e.message),
      ).toEqual(
        expect.arrayContaining([
          'jane attached certificate wildcard to www.example.com (on upload: it covers the domain)',
        ]),
      );
    });

    it('keeps a certificate a domain already has', async () => {
      await jane()
        .post('/apps/shop/domains', { domain: 'www.example.com' })
        .expect(201);
      await jane()
        .post('/apps/shop/certs', { name: 'first', ...wildcard })
        .expect(201);
      const second = await jane().post('/apps/shop/certs', {
        name: 'second',
        ...selfSignedCertificate(['www.example.com']),
      });
      expect(second.status).toBe(201);
      expect(second.body.domains).toEqual([]);
      expect(await certOf('www.example.com')).toBe('first');
    });

    it('serves a domain added later with a certificate that covers it', async () => {
      await jane()
        .post('/apps/shop/certs', { name: 'wildcard', ...wildcard })
        .expect(201);
      const added = await jane().post('/apps/shop/domains', {
        domain: 'api.example.com',
      });
      expect(added.status).toBe(201);
      expect(added.body.cert).toBe('wildcard');
      const plain = await jane().post('/apps/shop/domains', {
        domain: 'shop.other.org',
      });
      expect(plain.body).not.toHaveProperty('cert');
    });

    it('attaches nothing when the key does not belong to the certificate', async () => {
      await jane()
        .post('/apps/shop/domains', { domain: 'www.example.com' })
        .expect(201);
      await s.settled();
      const before = await snapshot(s);
      const res = await jane().post('/apps/shop/certs', {
        name: 'mixed',
        certificate: wildcard.certificate,
        key: other.key,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/does not belong/);
      expect(await snapshot(s)).toEqual(before);
    });
  });
});
