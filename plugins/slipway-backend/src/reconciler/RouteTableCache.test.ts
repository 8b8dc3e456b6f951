import { TestDatabases } from '@backstage/backend-test-utils';
import type { RouteUpstream } from '@slipway/plugin-slipway-node';
import { makeCertificate } from '../api/__testUtils__/certificates';
import { testServices } from '../services/__testUtils__/testServices';
import { buildRouteTable } from './routeTable';

jest.setTimeout(60_000);

describe('the route table kept between reconciles', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let t: Awaited<ReturnType<typeof testServices>>;
    /** Upstreams the test moved outside a reconcile (as a rolling restart does). */
    const moved = new Map<string, RouteUpstream>();

    beforeEach(async () => {
      t = await testServices(await databases.init(databaseId));
      moved.clear();
    });

    /** The router's last table is byte for byte the one built from scratch from the ledger. */
    async function expectSameAsFromScratch() {
      await t.reconciler.idle();
      const upstreams = new Map<string, RouteUpstream | undefined>();
      for (const desired of t.runtime.applies) {
        upstreams.set(desired.app, t.runtime.onApply(desired).upstream);
      }
      for (const [app, upstream] of moved) upstreams.set(app, upstream);
      const scratch = await buildRouteTable(t.ledger, t.router, upstreams);
      expect(JSON.stringify(t.router.lastTable)).toBe(JSON.stringify(scratch));
      return scratch;
    }

    it('equals a full rebuild after every kind of change', async () => {
      const { services, jane, reconciler } = t;
      await services.apps.create(jane, { name: 'shop' });
      await services.apps.create(jane, { name: 'api-a' });
      await services.builds.deploy(jane, 'shop', {
        image: 'registry.test/shop:1',
      });
      await expectSameAsFromScratch();

      await services.domains.add(jane, 'shop', { domain: 'www.example.com' });
      await services.domains.add(jane, 'shop', { domain: 'b.example.com' });
      await expectSameAsFromScratch();

      const cert = makeCertificate(['*.example.com']);
      await services.certs.add(jane, 'shop', { name: 'wild', ...cert });
      await services.certs.attach(jane, 'shop', 'wild', {
        domain: 'www.example.com',
      });
      let table = await expectSameAsFromScratch();
      expect(table[1].hosts[2].tls?.certName).toBe('wild');

      await services.settings.patch(jane, 'shop', {
        httpsOnly: true,
        allowlist: ['10.0.0.0/8'],
      });
      await services.settings.patch(jane, 'api-a', { routable: false });
      table = await expectSameAsFromScratch();
      expect(table.map(r => r.app)).toEqual(['shop']);
      expect(table[0].httpsOnly).toBe(true);

      // Names arriving out of order land in code-point order.
      await services.apps.create(jane, { name: 'zeta' });
      await services.apps.create(jane, { name: 'ab1' });
      await services.apps.create(jane, { name: 'ab-c' });
      await services.settings.patch(jane, 'api-a', { routable: true });
      table = await expectSameAsFromScratch();
      expect(table.map(r => r.app)).toEqual([
        'ab-c',
        'ab1',
        'api-a',
        'shop',
        'zeta',
      ]);

      await services.certs.detach(jane, 'shop', 'wild', {
        domain: 'www.example.com',
      });
      await services.domains.remove(jane, 'shop', 'b.example.com');
      await expectSameAsFromScratch();

      await services.apps.delete(jane, 'shop');
      table = await expectSameAsFromScratch();
      expect(table.map(r => r.app)).toEqual(['ab-c', 'ab1', 'api-a', 'zeta']);

      const upstream = { addresses: ['127.0.0.1:4999'] };
      moved.set('zeta', upstream);
      reconciler.setUpstream('zeta', upstream);
      table = await expectSameAsFromScratch();
      expect(table[3].upstream).toEqual(upstream);
      moved.clear();

      // Another backend instance's change reaches this one's table with the scheduled reconcile.
      await t.ledger.domains.insert({
        domain: 'zeta.example.com',
        app: 'zeta',
        createdBy: 'user:default/jane',
        createdAt: new Date().toISOString(),
      });
      await reconciler.reconcileAll();
      table = await expectSameAsFromScratch();
      expect(table[3].hosts.map(h => h.host)).toEqual([
        'zeta.apps.test',
        'zeta.example.com',
      ]);
    });

    it('reads only the changed app from the ledger', async () => {
      const { services, jane, reconciler, ledger } = t;
      for (const name of ['one', 'two', 'three']) {
        await services.apps.create(jane, { name });
      }
      await reconciler.idle();
      const list = jest.spyOn(ledger.apps, 'list');
      const getMany = jest.spyOn(ledger.apps, 'getMany');
      await services.domains.add(jane, 'two', { domain: 'two.example.com' });
      await expectSameAsFromScratch();
      // The scratch build above lists every app once; the reconciler read `two` only.
      expect(list).toHaveBeenCalledTimes(1);
      expect(getMany.mock.calls).toEqual([[['two']]]);
    });
  });
});
