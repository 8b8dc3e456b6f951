import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import developmentUsers from './developmentUsers';

const reviewer = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'reviewer', namespace: 'development' },
  spec: { memberOf: ['group:default/developers'] },
  // as the catalog's processing leaves it
  relations: [{ type: 'memberOf', targetRef: 'group:default/developers' }],
};

describe('development-user sign-in', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  async function start() {
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        developmentUsers,
        catalogServiceMock.factory({ entities: [reviewer] }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            auth: { providers: { 'development-user': {} } },
          },
        }),
      ],
    });
    return (query: string) =>
      request(server)
        .get(`/api/auth/development-user/refresh?env=development&${query}`)
        .set('X-Requested-With', 'XMLHttpRequest');
  }

  it('signs in as a development User of the catalog, with its memberships, in development', async () => {
    process.env.NODE_ENV = 'development';
    const refresh = await start();
    const response = await refresh('user=reviewer');
    expect(response.status).toBe(200);
    expect(response.body.backstageIdentity.identity).toMatchObject({
      userEntityRef: 'user:development/reviewer',
      ownershipEntityRefs: expect.arrayContaining([
        'user:development/reviewer',
        'group:default/developers',
      ]),
    });
  });

  it('refuses users the catalog does not have and malformed names', async () => {
    process.env.NODE_ENV = 'development';
    const refresh = await start();
    expect((await refresh('user=nobody')).status).toBeGreaterThanOrEqual(400);
    expect((await refresh('user=Not%20A%20Name')).status).toBe(400);
    expect((await refresh('')).status).toBe(400);
  });

  it('refuses everyone outside development', async () => {
    process.env.NODE_ENV = 'production';
    const refresh = await start();
    const response = await refresh('user=reviewer');
    expect(response.status).toBe(403);
    expect(response.body.backstageIdentity).toBeUndefined();
  });
});
