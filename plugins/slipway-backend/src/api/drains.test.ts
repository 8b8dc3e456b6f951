import { TestDatabases } from '@backstage/backend-test-utils';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

/** A port of this helper's range where nothing listens: the drain only has to be stored. */
const URL = 'https://drain:pa55w0rd@127.0.0.1:17531/ingest?key=k3y';

describe('/apps/:app/drains', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    const start = async (config?: Record<string, unknown>) => {
      s = await startSlipway({ database, config });
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      await s.settled();
    };
    afterEach(() => s.stop());
    const rows = () => s.knex('slipway_log_drains').select();

    it('refuses loopback and private addresses by default, and bad URLs, persisting nothing', async () => {
      await start();
      const before = await snapshot(s);
      for (const url of [
        URL,
        'syslog://localhost:1514',
        'syslog+tls://10.0.0.8:6514',
        'https://169.254.169.254/latest',
        'ftp://logs.example.com',
        'syslog://u:p@logs.example.com:514',
      ]) {
        const res = await s.as(users.jane).post('/apps/shop/drains', { url });
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
      }
      expect(await rows()).toEqual([]);
      expect(await snapshot(s)).toEqual(before);
    });

    it('lets the owner add, see (masked) and remove drains; others may not', async () => {
      await start({ logs: { drains: { allowAddresses: ['127.0.0.0/8'] } } });
      for (const user of [users.bob, users.eve]) {
        expect(
          (await s.as(user).post('/apps/shop/drains', { url: URL })).status,
        ).toBe(403);
        expect((await s.as(user).get('/apps/shop/drains')).status).toBe(403);
      }
      expect(await rows()).toEqual([]);

      const added = await s
        .as(users.jane)
        .post('/apps/shop/drains', { url: URL })
        .expect(201);
      const masked = 'https://***:***@127.0.0.1:17531/ingest?key=***';
      expect(added.body).toMatchObject({
        url: masked,
        createdBy: users.jane,
        sent: 0,
        dropped: 0,
      });
      // Stored encrypted: neither the password nor the key is in the database.
      const [row] = await rows();
      expect(JSON.stringify(row)).not.toMatch(/pa55w0rd|k3y/);
      // The same URL twice is refused.
      expect(
        (await s.as(users.jane).post('/apps/shop/drains', { url: URL })).status,
      ).toBe(400);
      // The backend's own port stays refused even on an allowed address.
      expect(
        (
          await s
            .as(users.jane)
            .post('/apps/shop/drains', { url: 'syslog://127.0.0.1:7007' })
        ).status,
      ).toBe(400);

      const list = await s.as(users.jane).get('/apps/shop/drains').expect(200);
      expect(list.body.map((d: any) => d.url)).toEqual([masked]);
      expect(JSON.stringify(list.body)).not.toMatch(/pa55w0rd|k3y/);

      expect(
        (await s.as(users.bob).delete(`/apps/shop/drains/${added.body.id}`))
          .status,
      ).toBe(403);
      expect(
        (await s.as(users.jane).delete('/apps/shop/drains/nope')).status,
      ).toBe(404);
      await s
        .as(users.jane)
        .delete(`/apps/shop/drains/${added.body.id}`)
        .expect(204);
      expect(await rows()).toEqual([]);
    });

    it('keeps at most 5 drains even when POSTs race (count and insert in one transaction)', async () => {
      await start({ logs: { drains: { allowAddresses: ['127.0.0.0/8'] } } });
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          s.as(users.jane).post('/apps/shop/drains', {
            url: `https://127.0.0.1:${17540 + i}/ingest`,
          }),
        ),
      );
      const statuses = answers.map(a => a.status).sort();
      expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(400)]);
      for (const refused of answers.filter(a => a.status === 400))
        expect(refused.body.error.message).toMatch(/at most 5 drains/);
      expect(await rows()).toHaveLength(5);
      const events = await s
        .knex('slipway_events')
        .where({ app: 'shop', type: 'drain.add' });
      expect(events).toHaveLength(5);
    });

    it('a transfer removes the drains (the old owner’s log system gets no more lines)', async () => {
      await start({ logs: { drains: { allowAddresses: ['127.0.0.0/8'] } } });
      await s
        .as(users.jane)
        .post('/apps/shop/drains', { url: URL })
        .expect(201);
      await s
        .as(users.jane)
        .patch('/apps/shop', { owner: users.bob })
        .expect(200);
      expect(await rows()).toEqual([]);
    });
  });
});
