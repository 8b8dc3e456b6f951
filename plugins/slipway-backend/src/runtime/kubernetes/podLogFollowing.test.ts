import { TestDatabases } from '@backstage/backend-test-utils';
import { eventually } from '../local/testing/fixtures';
import {
  adminObjects,
  applyAsAdmin,
  describeWithCluster,
  setKubeletRules,
  uniqueSuffix,
} from '../../kubernetes/__testUtils__/realCluster';
import {
  RealConnection,
  connectToRealCluster,
  deleteNamespaces,
} from '../../kubernetes/__testUtils__/realConnection';
import { appPod, podLogRetention } from './__testUtils__/podLogRetention';

jest.setTimeout(90_000);

/** Until `check` passes (its last failure told). */
const until = (check: () => Promise<void>, ms: number) =>
  eventually(async () => {
    await check();
    return true;
  }, ms);

describeWithCluster(
  'Retaining the output of running pods (fake kubelet)',
  () => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
    let connection: RealConnection;
    const app = `pf-${uniqueSuffix()}`;
    const image = `registry.example.test/${app}/web:1`;

    beforeAll(async () => {
      connection = await connectToRealCluster();
      await setKubeletRules([
        {
          image,
          logs: 'Listening on 5000 in {pod}\nconnected to the database',
        },
      ]);
    });
    afterAll(async () => {
      await connection?.close();
      await deleteNamespaces([app]);
    });

    it('keeps what a running pod prints with nobody watching, on one replica only, until the pod goes', async () => {
      const retention = await podLogRetention(
        databases,
        () => connection.deps(),
        app,
      );
      try {
        await applyAsAdmin([
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app } },
          appPod(app, `${app}-web-5d8f9c-x2k4p`, image),
        ]);
        const first = await retention.replica('replica-1');
        await until(
          async () =>
            expect(
              (
                await retention.lines()
              ).map(l => ({
                kind: l.kind,
                source: l.source,
                processType: l.processType,
                release: l.release,
                line: l.line,
              })),
            ).toEqual([
              {
                kind: 'app',
                source: 'web.5d8f9c-x2k4p',
                processType: 'web',
                release: 3,
                line: `Listening on 5000 in ${app}-web-5d8f9c-x2k4p`,
              },
              {
                kind: 'app',
                source: 'web.5d8f9c-x2k4p',
                processType: 'web',
                release: 3,
                line: 'connected to the database',
              },
            ]),
          30_000,
        );
        const [line] = await retention.lines();
        expect(Math.abs(Date.parse(line.time) - Date.now())).toBeLessThan(
          60_000,
        );
        expect(first.following.followed()).toEqual([
          `real/${app}/${app}-web-5d8f9c-x2k4p`,
        ]);

        // A second replica on the same database leaves the app to the first (its lease).
        const second = await retention.replica('replica-2');
        await second.following.sweep();
        expect(second.following.followed()).toEqual([]);
        expect(
          await retention.ledger.leases.holder(`logs:${app}`, Date.now()),
        ).toBe('replica-1');

        // The pod goes: its follower stops and the lease is given up.
        await adminObjects().delete({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `${app}-web-5d8f9c-x2k4p`, namespace: app },
        });
        await until(async () => {
          await first.following.sweep();
          expect(first.following.followed()).toEqual([]);
        }, 30_000);
        expect(
          await retention.ledger.leases.holder(`logs:${app}`, Date.now()),
        ).toBeUndefined();
        expect(await retention.lines()).toHaveLength(2);
      } finally {
        await retention.stopAll();
      }
    });

    it('follows at most maxPods pods per replica', async () => {
      const other = `${app}-b`;
      const retention = await podLogRetention(
        databases,
        () => connection.deps(),
        other,
      );
      try {
        await applyAsAdmin([
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: other } },
          appPod(other, `${other}-web-1-aaaaa`, image),
          appPod(other, `${other}-web-1-bbbbb`, image),
        ]);
        const replica = await retention.replica('replica-1', 1);
        await until(async () => {
          await replica.following.sweep();
          expect((await retention.lines()).length).toBeGreaterThanOrEqual(2);
        }, 30_000);
        await replica.following.sweep();
        expect(replica.following.followed()).toHaveLength(1);
        expect(new Set((await retention.lines()).map(l => l.source)).size).toBe(
          1,
        );
      } finally {
        await retention.stopAll();
        await deleteNamespaces([other]);
      }
    });
  },
);
