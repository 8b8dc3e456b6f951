import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from '../api/__testUtils__/startSlipway';

jest.setTimeout(60_000);

/** Slipway's actions as `backstage-cli actions` and the MCP server call them: the actions registry's HTTP API. */
describe('slipway actions', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const database = testDatabase(databases, 'SQLITE_3');
  let s: Slipway;

  beforeEach(async () => {
    s = await startSlipway({ database });
  });
  afterEach(() => s.stop());

  const invoke = (auth: string, action: string, input: object) =>
    request(s.server)
      .post(
        `/api/slipway/.backstage/actions/v1/actions/slipway:${action}/invoke`,
      )
      .set('Authorization', auth)
      .send(input);
  const as = (user: string) => mockCredentials.user.header(user);

  it('lists every operation with its attributes', async () => {
    const { body } = await request(s.server)
      .get('/api/slipway/.backstage/actions/v1/actions')
      .set('Authorization', as(users.jane));
    const byName = Object.fromEntries(
      body.actions.map((a: { name: string }) => [a.name, a]),
    );
    expect(Object.keys(byName)).toHaveLength(23);
    expect(byName['delete-app'].attributes).toEqual({
      destructive: true,
      readOnly: false,
      idempotent: false,
    });
    expect(byName.rollback.attributes.destructive).toBe(true);
    expect(byName.scale.attributes.destructive).toBe(true);
    for (const read of [
      'list-apps',
      'get-app',
      'get-config',
      'get-logs',
      'list-releases',
      'list-builds',
    ]) {
      expect(byName[read].attributes).toMatchObject({
        readOnly: true,
        destructive: false,
      });
    }
  });

  it('changes through the services with the caller’s rights, audited like the REST API', async () => {
    const created = await invoke(as(users.jane), 'create-app', {
      name: 'shop',
    });
    expect(created.status).toBe(200);
    expect(created.body.output.app).toMatchObject({
      name: 'shop',
      owner: users.jane,
    });
    const set = await invoke(as(users.jane), 'set-config', {
      app: 'shop',
      values: { SECRET: 'v' },
    });
    expect(set.body.output.release).toMatchObject({
      version: 2,
      createdBy: users.jane,
    });
    expect(s.audits).toEqual([
      {
        eventId: 'app-create',
        status: 'succeeded',
        meta: { app: 'shop', actor: users.jane, via: 'actions' },
      },
      {
        eventId: 'config-update',
        status: 'succeeded',
        meta: {
          app: 'shop',
          keys: ['SECRET'],
          actor: users.jane,
          via: 'actions',
        },
      },
    ]);

    // Bob may read, without values, and change nothing.
    const masked = await invoke(as(users.bob), 'get-config', { app: 'shop' });
    expect(masked.body.output).toMatchObject({
      values: {},
      keys: ['SECRET'],
      revealed: false,
    });
    const before = await snapshot(s);
    const refused = await invoke(as(users.bob), 'delete-app', { app: 'shop' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.name).toBe('NotAllowedError');
    expect(s.audits.at(-1)).toMatchObject({
      eventId: 'app-delete',
      status: 'failed',
    });
    // Services may read but change nothing (as with the REST API's writes).
    const service = await invoke(
      mockCredentials.service.header(),
      'unset-config',
      {
        app: 'shop',
        keys: ['SECRET'],
      },
    );
    expect(service.status).toBe(403);
    expect(
      (
        await invoke(mockCredentials.service.header(), 'get-app', {
          app: 'shop',
        })
      ).status,
    ).toBe(200);
    // Bad input never reaches a service.
    const bad = await invoke(as(users.jane), 'scale', {
      app: 'shop',
      replicas: { 'Web!': 1 },
    });
    expect(bad.status).toBe(400);
    const unknown = await invoke(as(users.jane), 'get-app', { app: 'nope' });
    expect(unknown.status).toBe(404);
    expect(await snapshot(s)).toEqual(before);
  });
});
