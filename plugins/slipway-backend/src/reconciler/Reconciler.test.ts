import { TestDatabases } from '@backstage/backend-test-utils';
import { makeCertificate } from '../api/__testUtils__/certificates';
import { testServices } from '../services/__testUtils__/testServices';

jest.setTimeout(60_000);

describe('the reconciler', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let t: Awaited<ReturnType<typeof testServices>>;
    beforeEach(async () => {
      t = await testServices(await databases.init(databaseId));
      await t.services.apps.create(t.jane, { name: 'shop' });
      await t.reconciler.idle();
    });

    it('computes the desired state from the ledger, the same every time', async () => {
      const { services, jane, reconciler } = t;
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
        procfile: { worker: 'w', web: '' },
      });
      await services.config.patch(jane, 'shop', { values: { B: '2', A: '1' } });
      const desired = await reconciler.desiredState('shop');
      expect(desired).toEqual({
        app: 'shop',
        owner: 'user:default/jane',
        cluster: 'local',
        release: {
          version: 3,
          build: expect.objectContaining({
            image: 'registry.test/shop:1',
            procfile: { web: '', worker: 'w' },
          }),
          config: {
            values: { A: '1', B: '2' },
            limits: {},
            tags: {},
            healthchecks: {},
          },
        },
        previousRelease: expect.objectContaining({ version: 2 }),
        structure: { web: 1, worker: 0 },
        settings: expect.objectContaining({ routable: true }),
      });
      expect(Object.keys(desired!.release!.config.values)).toEqual(['A', 'B']);
      expect(await reconciler.desiredState('shop')).toEqual(desired);
      expect(await reconciler.desiredState('nope')).toBeUndefined();
    });

    it('coalesces a burst of changes into one more run, and marks every release it superseded', async () => {
      const { services, jane, reconciler, runtime, ledger } = t;
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
      });
      await reconciler.idle('shop');
      // Hold the runtime while changes pile up.
      let open: () => void = () => {};
      const gate = new Promise<void>(resolve => {
        open = resolve;
      });
      const apply = runtime.apply.bind(runtime);
      runtime.apply = async desired => {
        await gate;
        return apply(desired);
      };
      const before = runtime.appliesOf('shop').length;
      for (let i = 0; i < 8; i++)
        await services.config.patch(jane, 'shop', {
          values: { [`K${i}`]: 'v' },
        });
      open();
      await reconciler.idle('shop');
      expect(runtime.appliesOf('shop').length - before).toBe(2);
      expect(runtime.appliesOf('shop').pop()?.release?.version).toBe(10);
      const statuses = (
        await ledger.releases.list('shop', { limit: 20 })
      ).items.map(r => r.status);
      expect(statuses.every(s => s === 'succeeded')).toBe(true);
    });

    it('is idempotent: reconciling again changes nothing the router sees', async () => {
      const { services, jane, reconciler, router } = t;
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
      });
      await reconciler.idle();
      const tables = router.tables.length;
      await reconciler.reconcileAll();
      await reconciler.reconcileAll();
      expect(router.tables.length).toBe(tables);
    });

    it('keeps a build recorded during a reconcile pending until it is rolled out', async () => {
      const { services, jane, reconciler, runtime, ledger } = t;
      let open: () => void = () => {};
      const gate = new Promise<void>(resolve => {
        open = resolve;
      });
      const apply = runtime.apply.bind(runtime);
      const statusWhenApplied: (string | undefined)[] = [];
      runtime.apply = async desired => {
        if (!desired.release) await gate;
        else
          statusWhenApplied.push(
            (await ledger.releases.get('shop', desired.release.version))
              ?.status,
          );
        return apply(desired);
      };
      reconciler.schedule('shop'); // reads a desired state with no release, then waits at the gate
      await new Promise(resolve => setTimeout(resolve, 50));
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
      });
      open();
      await reconciler.idle('shop');
      expect(statusWhenApplied).toEqual(['pending']);
      expect((await ledger.releases.get('shop', 2))?.status).toBe('succeeded');
    });

    it('runs the release phase once per new release, before rolling it out, and never as a process', async () => {
      const { services, jane, reconciler, runtime, ledger } = t;
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
        procfile: { web: '', release: 'migrate' },
      });
      await reconciler.idle('shop');
      await reconciler.reconcileAll();
      expect(runtime.runs).toEqual([{ version: 2, command: 'migrate' }]);
      const applied = runtime.appliesOf('shop').pop()!;
      expect(applied.release?.build.procfile).toEqual({ web: '' });
      expect(applied.structure).toEqual({ web: 1 });
      expect((await ledger.releases.get('shop', 2))?.status).toBe('succeeded');
    });

    it('fails a release whose release phase fails, and keeps the previous one serving', async () => {
      const { services, jane, reconciler, runtime, ledger } = t;
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
      });
      await reconciler.idle('shop');
      runtime.run = async () => ({
        exitCode: 3,
        output: 'migrating\nno such table: users\n',
      });
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:2',
        procfile: { web: '', release: 'migrate' },
      });
      await reconciler.idle('shop');
      const failed = await ledger.releases.get('shop', 3);
      expect(failed).toMatchObject({
        status: 'failed',
        reason:
          'the release command failed with exit code 3: migrating\nno such table: users',
      });
      const applied = runtime.appliesOf('shop');
      expect(
        applied.every(d => d.release?.build.image !== 'registry.test/shop:2'),
      ).toBe(true);
      expect(applied.pop()?.release?.build.image).toBe('registry.test/shop:1');
    });

    it('records drift the runtime healed as an event', async () => {
      const { reconciler, runtime, ledger } = t;
      runtime.onApply = () => ({
        status: 'unchanged',
        drift: ['Deployment shop-web had 0 replicas, want 1'],
      });
      await reconciler.reconcileAll();
      const events = await ledger.events.list('shop', { limit: 10 });
      expect(events.items[0]).toMatchObject({
        type: 'reconcile.drift',
        actor: 'slipway',
        message: 'Healed drift: Deployment shop-web had 0 replicas, want 1',
        details: { drift: ['Deployment shop-web had 0 replicas, want 1'] },
      });
    });

    it('records router rejections on the app once', async () => {
      const { reconciler, router, ledger } = t;
      router.rejectApps.set('shop', 'allowlist entry breaks nginx -t');
      await reconciler.reconcileAll();
      await reconciler.reconcileAll();
      const events = (
        await ledger.events.list('shop', { limit: 10 })
      ).items.filter(e => e.type === 'router.rejected');
      expect(events).toHaveLength(1);
      expect(events[0].message).toBe(
        'The router left shop out: allowlist entry breaks nginx -t',
      );
    });

    it('builds a sorted route table with TLS from attached certificates', async () => {
      // b.example.org is not covered by the wildcard: it stays without TLS (the upload attaches the
      // certificate to www.example.com by itself, and the explicit attach changes nothing).
      const { services, jane, reconciler, router } = t;
      const cert = makeCertificate(['*.example.com']);
      await services.apps.create(jane, { name: 'api-a' });
      await services.apps.create(jane, { name: 'hidden' });
      await services.settings.patch(jane, 'hidden', { routable: false });
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
      });
      await services.domains.add(jane, 'shop', { domain: 'www.example.com' });
      await services.domains.add(jane, 'shop', { domain: 'b.example.org' });
      await services.certs.add(jane, 'shop', { name: 'wild', ...cert });
      await services.certs.attach(jane, 'shop', 'wild', {
        domain: 'www.example.com',
      });
      await services.settings.patch(jane, 'shop', {
        httpsOnly: true,
        allowlist: ['10.0.0.0/8'],
      });
      await reconciler.idle();
      expect(router.lastTable.map(r => r.app)).toEqual(['api-a', 'shop']);
      expect(router.lastTable[1]).toEqual({
        app: 'shop',
        hosts: [
          { host: 'shop.apps.test' },
          { host: 'b.example.org' },
          {
            host: 'www.example.com',
            tls: {
              certName: 'wild',
              certificate: cert.certificate,
              key: cert.key,
            },
          },
        ],
        upstream: { addresses: ['127.0.0.1:4002'] },
        httpsOnly: true,
        hsts: {
          enabled: false,
          maxAge: 31536000,
          includeSubdomains: false,
          preload: false,
        },
        allowlist: ['10.0.0.0/8'],
        maintenance: false,
        autoTls: false,
        connectTimeout: 5,
        readTimeout: 60,
        sendTimeout: 60,
        bodySize: '1m',
      });
      expect(router.lastTable[0]).not.toHaveProperty('upstream');
    });

    it('drops a destroyed app from the routes', async () => {
      const { services, jane, reconciler, router } = t;
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
      });
      await reconciler.idle();
      expect(router.lastTable).toHaveLength(1);
      await services.apps.delete(jane, 'shop');
      await reconciler.idle();
      expect(router.lastTable).toEqual([]);
    });

    describe('whenSettled', () => {
      const WAIT = { timeoutMs: 30_000 };

      /** Holds the runtime's applies until `open()`. */
      function holdApplies(runtime: typeof t.runtime) {
        let open: () => void = () => {};
        const gate = new Promise<void>(resolve => {
          open = resolve;
        });
        const apply = runtime.apply.bind(runtime);
        runtime.apply = async desired => {
          await gate;
          return apply(desired);
        };
        return () => {
          runtime.apply = apply;
          open();
        };
      }

      it('resolves once the release is rolled out and routed', async () => {
        const { services, jane, reconciler, ledger, router } = t;
        const open = holdApplies(t.runtime);
        const { version } = await services.builds.deploy(jane, 'shop', {
          image: 'registry.test/shop:1',
        });
        const settled = reconciler.whenSettled('shop', version, WAIT);
        let outcome: unknown;
        void settled.then(o => {
          outcome = o;
        });
        await new Promise(resolve => setTimeout(resolve, 50));
        expect(outcome).toBeUndefined();
        expect((await ledger.releases.get('shop', version))?.status).toBe(
          'pending',
        );
        open();
        expect(await settled).toEqual({ status: 'succeeded' });
        expect(router.lastTable.map(r => r.app)).toEqual(['shop']);
        // Already settled: resolves at once.
        expect(await reconciler.whenSettled('shop', version, WAIT)).toEqual({
          status: 'succeeded',
        });
      });

      it('resolves with the reason when the release fails', async () => {
        const { services, jane, reconciler, runtime } = t;
        runtime.onApply = () => ({
          status: 'failed',
          reason: 'web: CrashLoopBackOff',
        });
        const { version } = await services.builds.deploy(jane, 'shop', {
          image: 'registry.test/shop:1',
        });
        expect(await reconciler.whenSettled('shop', version, WAIT)).toEqual({
          status: 'failed',
          reason: 'web: CrashLoopBackOff',
        });
      });

      it('resolves when its release phase fails', async () => {
        const { services, jane, reconciler, runtime } = t;
        runtime.run = async () => ({ exitCode: 3, output: 'no such table\n' });
        const { version } = await services.builds.deploy(jane, 'shop', {
          image: 'registry.test/shop:1',
          procfile: { web: '', release: 'migrate' },
        });
        expect(await reconciler.whenSettled('shop', version, WAIT)).toEqual({
          status: 'failed',
          reason: 'the release command failed with exit code 3: no such table',
        });
      });

      it('resolves a release superseded before it was rolled out', async () => {
        const { services, jane, reconciler, runtime } = t;
        await services.builds.deploy(jane, 'shop', {
          image: 'registry.test/shop:1',
        });
        await reconciler.idle('shop');
        const open = holdApplies(runtime);
        await services.config.patch(jane, 'shop', { values: { A: '1' } });
        await new Promise(resolve => setTimeout(resolve, 50)); // that run waits at the gate
        const superseded = (
          await services.config.patch(jane, 'shop', { values: { B: '2' } })
        ).version;
        const newest = (
          await services.config.patch(jane, 'shop', { values: { C: '3' } })
        ).version;
        const waits = [superseded, newest].map(v =>
          reconciler.whenSettled('shop', v, WAIT),
        );
        open();
        expect(await Promise.all(waits)).toEqual([
          { status: 'succeeded' },
          { status: 'succeeded' },
        ]);
        expect(
          runtime.appliesOf('shop').map(d => d.release?.version),
        ).not.toContain(superseded);
      });

      it('resolves pending when the wait runs out or is aborted, and once the reconciler stopped', async () => {
        const { services, jane, reconciler, runtime } = t;
        const open = holdApplies(runtime);
        const { version } = await services.builds.deploy(jane, 'shop', {
          image: 'registry.test/shop:1',
        });
        expect(
          await reconciler.whenSettled('shop', version, { timeoutMs: 20 }),
        ).toEqual({ status: 'pending' });
        const abort = new AbortController();
        const aborted = reconciler.whenSettled('shop', version, {
          ...WAIT,
          signal: abort.signal,
        });
        abort.abort();
        expect(await aborted).toEqual({ status: 'pending' });
        const waiting = reconciler.whenSettled('shop', version, WAIT);
        open();
        const stopped = reconciler.stop();
        // Stopping lets the running reconcile finish: the wait sees its outcome.
        expect(await waiting).toEqual({ status: 'succeeded' });
        await stopped;
        expect(await reconciler.whenSettled('shop', version, WAIT)).toEqual({
          status: 'pending',
        });
      });

      it('resolves gone for a release that does not exist, or whose app was deleted meanwhile', async () => {
        const { services, jane, reconciler, runtime, ledger } = t;
        expect(await reconciler.whenSettled('shop', 99, WAIT)).toEqual({
          status: 'gone',
        });
        const open = holdApplies(runtime);
        const { version } = await services.builds.deploy(jane, 'shop', {
          image: 'registry.test/shop:1',
        });
        const settled = reconciler.whenSettled('shop', version, WAIT);
        await ledger.releases.deleteApp('shop');
        reconciler.forget('shop');
        expect(await settled).toEqual({ status: 'gone' });
        open();
        await reconciler.idle('shop');
      });
    });

    it('runs on a schedule', async () => {
      const { reconciler, runtime } = t;
      let task: (() => Promise<void>) | undefined;
      await reconciler.start(
        {
          scheduleTask: async (options: { fn: () => Promise<void> }) => {
            task = options.fn;
          },
        } as any,
        { seconds: 30 },
      );
      const before = runtime.appliesOf('shop').length;
      await task!();
      expect(runtime.appliesOf('shop').length).toBe(before + 1);
    });
  });
});
