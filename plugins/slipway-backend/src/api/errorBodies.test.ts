import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
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

  it('never carry a stack trace or host path for a caller without valid credentials (401)', async () => {
    // Backstage's credentials barrier answered these itself, with a stack in development mode.
    // (The test backend's mock auth takes a request without a header as a default user.)
    for (const authorization of [
      'Bearer x.y.z',
      mockCredentials.user.invalidHeader(),
      mockCredentials.service.invalidHeader(),
    ]) {
      for (const url of ['/apps', '/apps/nosuchapp/logs', '/nosuchroute']) {
        const answer = await request(s.server)
          .get(`/api/slipway${url}`)
          .set('Authorization', authorization);
        expect(answer.status).toBe(401);
        expect(answer.body.error.name).toBe('AuthenticationError');
        expect(answer.body.error.stack).toBeUndefined();
        expect(JSON.stringify(answer.body)).not.toMatch(
          /node_modules|\/work\/|\/root\/|at \w|\.[jt]s:/,
        );
      }
    }
    // What is open stays open: the health check and the git remote's own 401.
    expect((await request(s.server).get('/api/slipway/health')).status).toBe(
      200,
    );
    const git = await request(s.server).get(
      '/api/slipway/git/nosuchapp.git/info/refs?service=git-upload-pack',
    );
    expect(git.status).toBe(401);
    expect(git.headers['www-authenticate']).toBe('Basic realm="Slipway"');
  });

  it('keep the message of a typed error the platform wrote for the caller', async () => {
    const invalid = await s.as(users.jane).post('/apps', { name: 'Shop!' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.stack).toBeUndefined();
    expect(invalid.body.error.message).toMatch(/name/);
  });
});
