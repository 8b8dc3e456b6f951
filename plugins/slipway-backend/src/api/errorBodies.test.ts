import { TestDatabases } from '@backstage/backend-test-utils';
import {
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

/*
 * Attack: make the API fail and read the error body. Before the fix, with NODE_ENV=development
 * (how `yarn start` runs Backstage) every error carried its stack trace, with the backend's host
 * paths, and an internal error's message (a file system error names the file) reached the caller.
 */
describe('error responses', () => {
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

  it('never carry a stack trace or host path, in development mode too', async () => {
    const missing = await s.as(users.jane).get('/apps/nosuchapp');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message: 'App "nosuchapp" not found',
    });

    s.runtime.createFails = Object.assign(
      new Error(
        "EACCES: permission denied, open '/var/lib/slipway/secrets/encryption.key'",
      ),
      { code: 'EACCES' },
    );
    const failed = await s.as(users.jane).post('/apps', { name: 'shop' });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toEqual({
      name: 'Error',
      message: expect.stringMatching(/^An internal error occurred logId=\w+$/),
    });
    expect(JSON.stringify(failed.body)).not.toMatch(/\/var\/lib|at \w|\.ts:/);
  });

  it('keep the message of a typed error the platform wrote for the caller', async () => {
    const invalid = await s.as(users.jane).post('/apps', { name: 'Shop!' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.stack).toBeUndefined();
    expect(invalid.body.error.message).toMatch(/name/);
  });
});
