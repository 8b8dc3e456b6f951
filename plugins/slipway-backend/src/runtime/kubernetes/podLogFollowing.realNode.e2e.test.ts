import { TestDatabases } from '@backstage/backend-test-utils';
import path from 'node:path';
import { eventually } from '../local/testing/fixtures';
import {
  applyAsAdmin,
  uniqueSuffix,
} from '../../kubernetes/__testUtils__/realCluster';
import {
  REAL_CLUSTER,
  RealConnection,
  connectToRealCluster,
  deleteNamespaces,
} from '../../kubernetes/__testUtils__/realConnection';
import {
  buildImage,
  describeWithRealNode,
  realNodePlacement,
} from '../../kubernetes/__testUtils__/realNode';
import { retainedTail, startingWith } from '../../services/logs/retainedTail';
import { appPod, podLogRetention } from './__testUtils__/podLogRetention';

jest.setTimeout(180_000);

const until = (check: () => Promise<void>, ms: number) =>
  eventually(async () => {
    await check();
    return true;
  }, ms);

/** The numbers of the stored `line N` lines, in the order stored. */
const numbers = (lines: { line: string }[]) =>
  lines.map(l => Number(/^line (\d+)$/.exec(l.line)?.[1] ?? NaN));

/**
 * The real kubelet serves `sinceTime` and `timestamps` as Kubernetes does (the fake kubelet stamps
 * every line anew), so only here does resuming after the last stored line show: nothing twice, nothing lost.
 */
describeWithRealNode('Retaining the output of running pods (real node)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let connection: RealConnection;
  let image: string;
  const suffix = uniqueSuffix();
  const apps: string[] = [];

  beforeAll(async () => {
    image = await buildImage(
      `pfr-counter:${suffix}`,
      path.join(__dirname, '__testUtils__', 'counterApp'),
      ['/bin/sh', '/app/counter.sh'],
    );
    connection = await connectToRealCluster();
  });
  afterAll(async () => {
    await connection?.close();
    await deleteNamespaces(apps);
  });

  const start = async (app: string, env: { name: string; value: string }[]) => {
    apps.push(app);
    const pod = appPod(app, `${app}-web-7c9d-abcde`, image, {
      spec: {
        nodeSelector: realNodePlacement.nodeSelector,
        tolerations: realNodePlacement.tolerations,
      },
    });
    (pod.spec.containers[0] as any).env = env;
    await applyAsAdmin([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app } },
      pod,
    ]);
  };

  it('keeps every line once across a restart of the backend that follows it', async () => {
    const app = `pfr-run-${suffix}`;
    const retention = await podLogRetention(
      databases,
      () => connection.deps(),
      app,
    );
    try {
      await start(app, []);
      const first = await retention.replica('replica-1');
      await until(
        async () =>
          expect((await retention.lines()).length).toBeGreaterThan(40),
        60_000,
      );
      await first.stop();
      const before = numbers(await retention.lines()).at(-1)!;
      // The pod goes on printing while no backend follows it.
      await new Promise(resolve => setTimeout(resolve, 2000));
      const second = await retention.replica('replica-2');
      await until(
        async () =>
          expect(numbers(await retention.lines()).at(-1)).toBeGreaterThan(
            before + 80,
          ),
        60_000,
      );
      // A live log (what GET /apps/:app/logs sends): the retained tail, then the kubelet's own tail
      // less what the retained tail holds: every line once.
      const live = startingWith(
        await retainedTail(retention.ledger, app, 30),
        second.runtime.logs(app, REAL_CLUSTER, { lines: 30 }),
      );
      const shownLines: { line: string }[] = [];
      for await (const line of live) shownLines.push(line);
      const shown = numbers(shownLines);
      expect(shown.length).toBeGreaterThanOrEqual(30);
      expect(shown).toEqual(shown.map((_, i) => shown[0] + i));
      await retention.stopAll();
      const stored = await retention.lines();
      const got = numbers(stored);
      expect(got).toEqual(got.map((_, i) => i + 1));
      expect(new Set(stored.map(l => l.source))).toEqual(
        new Set(['web.7c9d-abcde']),
      );
      expect(stored.every(l => l.kind === 'app' && l.release === 3)).toBe(true);
    } finally {
      await retention.stopAll();
    }
  });

  it('keeps each run of a container that exits and is restarted by the kubelet', async () => {
    const app = `pfr-crash-${suffix}`;
    const retention = await podLogRetention(
      databases,
      () => connection.deps(),
      app,
    );
    try {
      await retention.replica('replica-1');
      await start(app, [{ name: 'EXIT_AFTER', value: '20' }]);
      // First run, then the kubelet's 10 s back-off, then the second run.
      await until(
        async () =>
          expect(
            numbers(await retention.lines()).length,
          ).toBeGreaterThanOrEqual(40),
        90_000,
      );
      await retention.stopAll();
      const got = numbers(await retention.lines());
      const run = Array.from({ length: 20 }, (_, i) => i + 1);
      expect(got.slice(0, 40)).toEqual([...run, ...run]);
    } finally {
      await retention.stopAll();
    }
  });
});
