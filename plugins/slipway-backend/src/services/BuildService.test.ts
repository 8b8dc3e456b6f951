import { TestDatabases } from '@backstage/backend-test-utils';
import { testServices } from './__testUtils__/testServices';

jest.setTimeout(60_000);

describe('recording builds and deploy tokens (for the git remote)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let t: Awaited<ReturnType<typeof testServices>>;
    beforeEach(async () => {
      t = await testServices(await databases.init(databaseId));
      await t.services.apps.create(t.jane, { name: 'shop' });
      await t.reconciler.idle();
    });

    it('records a succeeded build as a release with the latest config', async () => {
      const { services, reconciler, runtime } = t;
      await services.config.patch(t.jane, 'shop', { values: { FOO: '1' } });
      const { build, release } = await services.builds.recordBuild(
        'shop',
        {
          image: 'slug:abc123',
          procfile: { web: 'npm start' },
          sha: 'a1b2c3d4e5f6',
          log: '-----> Node.js app detected\n',
          status: 'succeeded',
        },
        'user:default/jane',
      );
      expect(build).toMatchObject({
        app: 'shop',
        image: 'slug:abc123',
        sha: 'a1b2c3d4e5f6',
        status: 'succeeded',
        createdBy: 'user:default/jane',
      });
      expect(release).toMatchObject({
        version: 3,
        buildId: build.id,
        summary: 'jane deployed a1b2c3d',
        config: { values: { FOO: '1' } },
      });
      await reconciler.idle('shop');
      expect(runtime.appliesOf('shop').pop()?.release?.build.image).toBe(
        'slug:abc123',
      );
      const stored = await services.builds.get(t.jane, 'shop', build.id);
      expect(stored.log).toBe('-----> Node.js app detected\n');
    });

    it('records a failed build with its log and no release', async () => {
      const { services, ledger } = t;
      const { build, release } = await services.builds.recordBuild(
        'shop',
        {
          image: '',
          procfile: {},
          sha: 'a1b2c3d4e5f6',
          log: 'npm ERR! missing script: start\n',
          status: 'failed',
        },
        'user:default/jane',
      );
      expect(release).toBeUndefined();
      expect(build.status).toBe('failed');
      expect((await ledger.releases.latest('shop'))?.version).toBe(1);
      expect((await services.builds.get(t.jane, 'shop', build.id)).log).toBe(
        'npm ERR! missing script: start\n',
      );
      const events = await ledger.events.list('shop', { limit: 1 });
      expect(events.items[0]).toMatchObject({
        type: 'build.failed',
        message: "jane's build of a1b2c3d failed",
      });
    });

    it('shows build logs with control characters made visible, so a log cannot drive a reader’s terminal', async () => {
      // Attack: a build (or a dependency's install script) prints escape sequences; a reader
      // following the log with curl had them run by their terminal (clear, rewrite, set the title).
      const { services } = t;
      const { build } = await services.builds.recordBuild(
        'shop',
        {
          image: '',
          procfile: {},
          sha: 'a1b2c3d4e5f6',
          log: 'ok\tdone\r\n\x1b[2J\x1b]0;pwned\x07fake\rline\u009b1m\n',
          status: 'failed',
        },
        'user:default/jane',
      );
      expect((await services.builds.get(t.jane, 'shop', build.id)).log).toBe(
        'ok\tdone\n␛[2J␛]0;pwned␇fake␍line\ufffd1m\n',
      );
    });

    it('fails builds left running by a backend that stopped, once, and tells the owner', async () => {
      const { services, ledger, context } = t;
      const told: string[] = [];
      context.onBuildFailed = async build => {
        told.push(`${build.id}: ${build.status}`);
      };
      const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
      const running = {
        app: 'shop',
        image: '',
        procfile: {},
        sha: 'a1b2c3d4e5f6',
        log: '-----> Building shop a1b2c3d\n',
        status: 'pending' as const,
        createdBy: 'user:default/jane',
      };
      await ledger.builds.insert({
        ...running,
        id: 'old',
        createdAt: ago(2 * 3_600_000),
      });
      await ledger.builds.insert({
        ...running,
        id: 'young',
        createdAt: ago(60_000),
      });

      expect(await services.builds.failAbandoned(3_600_000)).toBe(1);
      expect(await services.builds.failAbandoned(3_600_000)).toBe(0);

      const old = await services.builds.get(t.jane, 'shop', 'old');
      expect(old.status).toBe('failed');
      expect(old.log).toBe(
        '-----> Building shop a1b2c3d\n\nThe build did not finish within 60 minutes: the backend that ran it stopped.\n',
      );
      expect((await services.builds.get(t.jane, 'shop', 'young')).status).toBe(
        'pending',
      );
      expect(told).toEqual(['old: failed']);
      const events = await ledger.events.list('shop', { limit: 1 });
      expect(events.items[0]).toMatchObject({
        type: 'build.failed',
        message: "jane's build of a1b2c3d was abandoned",
      });
      expect((await ledger.releases.latest('shop'))?.version).toBe(1);
    });

    it('refuses builds of unknown apps and malformed builds', async () => {
      const { services } = t;
      await expect(
        services.builds.recordBuild(
          'nope',
          { image: 'a:1', procfile: { web: '' }, status: 'succeeded' },
          'user:default/jane',
        ),
      ).rejects.toThrow('App "nope" not found');
      await expect(
        services.builds.recordBuild(
          'shop',
          { image: 'a:1', procfile: { web: '' }, status: 'odd' as any },
          'user:default/jane',
        ),
      ).rejects.toThrow(/status must be/);
    });

    it('refuses a build report that defines a process type the platform keeps, and records nothing', async () => {
      const { services, ledger } = t;
      const before = await ledger.releases.latest('shop');
      for (const type of ['router', 'slipway']) {
        await expect(
          services.builds.recordBuild(
            'shop',
            {
              image: 'a:1',
              procfile: { web: 'npm start', [type]: 'node fake.js' },
              status: 'succeeded',
            },
            'user:default/jane',
          ),
        ).rejects.toThrow(`procfile: Process type "${type}" is reserved`);
      }
      expect(await ledger.releases.latest('shop')).toEqual(before);
      expect(await ledger.builds.list('shop', { limit: 10 })).toMatchObject({
        items: [],
      });
    });

    it('authenticates deploy tokens of the app they were issued for', async () => {
      const { services } = t;
      await services.apps.create(t.jane, { name: 'blog' });
      const { token, id } = await services.tokens.create(t.jane, 'shop', {
        description: 'laptop',
      });
      expect(await services.tokens.authenticate('shop', token!)).toMatchObject({
        userEntityRef: 'user:default/jane',
      });
      expect(
        await services.tokens.authenticate('blog', token!),
      ).toBeUndefined();
      expect(
        await services.tokens.authenticate('shop', `${token}x`),
      ).toBeUndefined();
      expect(
        await services.tokens.authenticate('shop', 'not-a-token'),
      ).toBeUndefined();
      await services.tokens.revoke(t.jane, 'shop', id);
      expect(
        await services.tokens.authenticate('shop', token!),
      ).toBeUndefined();
    });

    it('lets the git remote clean up when an app is destroyed', async () => {
      const { services } = t;
      const removed: string[] = [];
      services.apps.onDelete(async app => {
        removed.push(app);
      });
      await services.apps.delete(t.jane, 'shop');
      expect(removed).toEqual(['shop']);
      expect(t.published.map(p => p.action)).toEqual(['created', 'deleted']);
    });
  });
});
