import { TestDatabases } from '@backstage/backend-test-utils';
import { makeCertificate } from '../api/__testUtils__/certificates';
import {
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from '../api/__testUtils__/startSlipway';

jest.setTimeout(60_000);

describe('signals to open portal pages', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const database = testDatabase(databases, 'SQLITE_3');
  let s: Slipway;
  beforeEach(async () => {
    s = await startSlipway({ database });
  });
  afterEach(async () => {
    await s.stop();
  });

  const channels = () => s.signals.map(signal => signal.channel);

  it('signals the app and the apps list when a release is created and again when it rolled out', async () => {
    await s.as(users.jane).post('/apps', { name: 'shop' });
    await s.settled();
    s.signals.length = 0;

    const res = await s
      .as(users.jane)
      .patch('/apps/shop/config', { values: { GREETING: 'hi' } });
    expect(res.status).toBe(201);
    // At once: the page learns of the pending release without waiting for the rollout.
    expect(channels().slice(0, 2)).toEqual([
      'slipway:app:shop',
      'slipway:apps',
    ]);

    await s.settled();
    // After the rollout: the release's new status is worth a refetch too.
    await s.eventually(() =>
      expect(channels().filter(c => c === 'slipway:app:shop')).toHaveLength(2),
    );
  });

  it('carries no app data and goes out only through the API-checked refetch', async () => {
    await s.as(users.jane).post('/apps', { name: 'shop' });
    await s
      .as(users.jane)
      .patch('/apps/shop/config', { values: { SECRET: 'hunter2' } });
    await s.settled();
    expect(s.signals.length).toBeGreaterThan(0);
    for (const signal of s.signals) {
      expect(signal.recipients).toEqual({ type: 'broadcast' });
      expect(signal.message).toEqual(
        signal.channel === 'slipway:apps' ? {} : { app: 'shop' },
      );
    }
    expect(JSON.stringify(s.signals)).not.toContain('hunter2');
  });

  it('signals scale, domain changes and deletion', async () => {
    await s.as(users.jane).post('/apps', { name: 'shop' });
    await s.settled();
    s.signals.length = 0;
    await s
      .as(users.jane)
      .post('/apps/shop/domains', { domain: 'shop.example.test' });
    expect(channels()).toContain('slipway:app:shop');
    s.signals.length = 0;
    await s.as(users.jane).delete('/apps/shop');
    expect(channels()).toEqual(
      expect.arrayContaining(['slipway:app:shop', 'slipway:apps']),
    );
  });

  it('signals a certificate upload, so open Domains pages show it', async () => {
    await s.as(users.jane).post('/apps', { name: 'shop' });
    await s.settled();
    s.signals.length = 0;
    await s
      .as(users.jane)
      .post('/apps/shop/certs', {
        name: 'example',
        ...makeCertificate(['example.com']),
      })
      .expect(201);
    expect(channels()).toContain('slipway:app:shop');
  });

  it('sends nothing when a request is refused', async () => {
    await s.as(users.jane).post('/apps', { name: 'shop' });
    await s.settled();
    s.signals.length = 0;
    const res = await s
      .as(users.bob)
      .patch('/apps/shop/config', { values: { A: '1' } });
    expect(res.status).toBe(403);
    const bad = await s
      .as(users.jane)
      .patch('/apps/shop/config', { values: { '1BAD': 'x' } });
    expect(bad.status).toBe(400);
    expect(s.signals).toEqual([]);
  });
});
