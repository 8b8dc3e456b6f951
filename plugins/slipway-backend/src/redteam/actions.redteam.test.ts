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

/*
 * Red team of issue #25 (Slipway's operations as Backstage actions and MCP tools): what a tenant
 * or a stranger reads from the actions API (`/api/slipway/.backstage/actions/v1`), which the
 * REST API's rules (errorBodies, the credentials barrier) do not cover. The portal runs with
 * NODE_ENV=development (`yarn start`), where Backstage's own error handler adds stacks.
 */
describe('slipway actions (red team)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const database = testDatabase(databases, 'SQLITE_3');
  const nodeEnv = process.env.NODE_ENV;
  let s: Slipway;

  beforeEach(async () => {
    process.env.NODE_ENV = 'development';
    s = await startSlipway({ database });
  });
  afterEach(async () => {
    process.env.NODE_ENV = nodeEnv;
    await s.stop();
  });

  const invoke = (auth: string, action: string, input: object) =>
    request(s.server)
      .post(
        `/api/slipway/.backstage/actions/v1/actions/slipway:${action}/invoke`,
      )
      .set('Authorization', auth)
      .send(input);
  const as = (user: string) => mockCredentials.user.header(user);

  it('internal error through an action: no host path, message or stack reaches the caller', async () => {
    s.runtime.createFails = Object.assign(
      new Error(
        "EACCES: permission denied, open '/var/lib/slipway/secrets/encryption.key'",
      ),
      { code: 'EACCES' },
    );
    const failed = await invoke(as(users.jane), 'create-app', { name: 'shop' });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toEqual({
      name: 'Error',
      message: expect.stringMatching(/^An internal error occurred logId=\w+$/),
    });
    expect(JSON.stringify(failed.body)).not.toMatch(/\/var\/lib|at \w|\.ts:/);
    // Still audited as failed.
    expect(s.audits.at(-1)).toMatchObject({
      eventId: 'app-create',
      status: 'failed',
    });
  });

  it('refused action (another owner’s app): the message, without a stack naming host paths', async () => {
    await invoke(as(users.jane), 'create-app', { name: 'shop' });
    const before = await snapshot(s);
    const refused = await invoke(as(users.bob), 'delete-app', { app: 'shop' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      name: 'NotAllowedError',
      message: expect.stringContaining('shop'),
    });
    const missing = await invoke(as(users.jane), 'get-app', { app: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message: 'App "nope" not found',
    });
    const conflict = await invoke(as(users.jane), 'create-app', {
      name: 'shop',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.stack).toBeUndefined();
    expect(await snapshot(s)).toEqual(before);
  });
});
