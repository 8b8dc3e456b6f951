import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import request from 'supertest';

jest.setTimeout(60_000);

/**
 * Red team of the events bus that carries signals between replicas (issue #24): Backstage's events
 * backend on PostgreSQL, as packages/backend adds it. A signed-in user (a tenant) must not publish
 * forged events (a forged `signals` event would reach other users' open pages on every replica),
 * subscribe, or read what others' events carry (notification signals name their recipients).
 */
describe('events bus red team', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'refuses user tokens on every bus endpoint, and no event or subscription is stored, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [eventsPlugin, mockServices.database.factory({ knex })],
      });
      const bus = '/api/events/bus/v1';
      const user = mockCredentials.user.header('user:development/guest');
      const service = mockCredentials.service.header();
      const forged = {
        event: {
          topic: 'signals',
          payload: {
            recipients: { type: 'broadcast' },
            channel: 'slipway:app:victim',
            message: { app: 'victim', note: 'forged' },
          },
        },
      };

      // Publish a forged signal, subscribe to `signals`, read a subscription: 403 for a user.
      await request(server)
        .post(`${bus}/events`)
        .set('Authorization', user)
        .send(forged)
        .expect(403);
      await request(server)
        .put(`${bus}/subscriptions/attacker`)
        .set('Authorization', user)
        .send({ topics: ['signals'] })
        .expect(403);
      await request(server)
        .get(`${bus}/subscriptions/signals.signals/events`)
        .set('Authorization', user)
        .expect(403);
      // Without any token: refused too (401 with Backstage's httpAuth, 403 with the mock's).
      const anonymous = await request(server)
        .post(`${bus}/events`)
        .send(forged);
      expect([401, 403]).toContain(anonymous.status);
      // The HTTP ingress is off (no topics configured): no way in there either.
      await request(server)
        .post('/api/events/http/signals')
        .set('Authorization', user)
        .send(forged.event.payload)
        .expect(404);

      // Nothing the user sent was stored; a service (another plugin) may use the bus.
      const tables = await knex('pg_tables')
        .where('tablename', 'like', 'event_bus_%')
        .pluck('tablename');
      expect(tables).toEqual(
        expect.arrayContaining(['event_bus_events', 'event_bus_subscriptions']),
      );
      expect(await knex('event_bus_events').count('* as n')).toEqual([
        { n: '0' },
      ]);
      expect(await knex('event_bus_subscriptions').count('* as n')).toEqual([
        { n: '0' },
      ]);
      await request(server)
        .put(`${bus}/subscriptions/plugin.test`)
        .set('Authorization', service)
        .send({ topics: ['signals'] })
        .expect(201);
    },
  );
});
