import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

/*
 * The attacks of issue 12, each tried through the real backend (REST API and git remote over
 * HTTP, services, ledger) and shown to do no harm.
 */
describe('attacks', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    beforeEach(async () => {
      s = await startSlipway({
        database,
        config: {
          kubernetes: {
            registry: {
              server: 'registry.test:5000',
              username: 'u',
              password: 'p',
            },
          },
        },
      });
    });
    afterEach(async () => {
      await s.stop();
    });

    const jane = () => s.as(users.jane);

    /** What the git remote answers a client offering `token` (discovery of a push). */
    const gitAnswer = async (app: string, token: string) =>
      (
        await request(s.server)
          .get(`/api/slipway/git/${app}.git/info/refs`)
          .query({ service: 'git-receive-pack' })
          .auth('git', token)
      ).status;

    it('a deploy token stops working when the app changes owner', async () => {
      await jane().post('/apps', { name: 'shop' });
      const { body: token } = await jane().post('/apps/shop/tokens', {
        description: 'laptop',
      });
      expect(await gitAnswer('shop', token.token)).toBe(200);

      const transfer = await jane().patch('/apps/shop', {
        owner: 'group:default/team-b',
      });
      expect(transfer.status).toBe(200);
      expect(await gitAnswer('shop', token.token)).toBe(401);
      expect(await s.knex('slipway_tokens')).toEqual([]);
    });

    it("a build belongs to its app: another app's slug or registry path is refused with 403", async () => {
      await jane().post('/apps', { name: 'mine' });
      await jane().post('/apps', { name: 'theirs' });
      const slug = `slug:${'ab'.repeat(32)}`;
      // As a push of `theirs` records it.
      await s.knex('slipway_builds').insert({
        id: 'b-theirs',
        app: 'theirs',
        image: slug,
        sha: null,
        procfile: '{"web":"npm start"}',
        status: 'succeeded',
        log: '',
        created_by: users.jane,
        created_at: new Date().toISOString(),
      });
      await s.settled();
      const before = await snapshot(s);
      for (const image of [
        slug,
        `slug:${'cd'.repeat(32)}`,
        'registry.test:5000/theirs:1a2b3c4',
        'REGISTRY.TEST:5000/theirs@sha256:' + 'e'.repeat(64),
        'registry.test:5000/mine-evil:1',
      ]) {
        const res = await jane().post('/apps/mine/builds', { image });
        expect({
          image,
          status: res.status,
          name: res.body.error?.name,
        }).toEqual({
          image,
          status: 403,
          name: 'NotAllowedError',
        });
      }
      expect(await snapshot(s)).toEqual(before);

      expect(
        (await jane().post('/apps/theirs/builds', { image: slug })).status,
      ).toBe(201);
      for (const image of [
        'registry.test:5000/mine:1a2b3c4',
        'registry.test:5000/mine/web@sha256:' + 'e'.repeat(64),
        'docker.io/library/nginx:1.25',
      ]) {
        expect((await jane().post('/apps/mine/builds', { image })).status).toBe(
          201,
        );
      }
    });
  });
});
