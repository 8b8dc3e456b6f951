import type { CapturedLogLine } from '@slipway/plugin-slipway-node';
import { eventually } from '../local/testing/fixtures';
import { KubernetesRuntime } from './KubernetesRuntime';
import { createKubernetesRuntime } from './createKubernetesRuntime';
import { desiredState, release } from './__testUtils__/fakeCluster';
import {
  describeWithCluster,
  setKubeletRules,
  uniqueSuffix,
} from '../../kubernetes/__testUtils__/realCluster';
import {
  REAL_CLUSTER,
  RealConnection,
  connectToRealCluster,
  deleteNamespaces,
} from '../../kubernetes/__testUtils__/realConnection';

jest.setTimeout(90_000);

describeWithCluster(
  'KubernetesRuntime: what a restarted container left behind',
  () => {
    let connection: RealConnection;
    const app = `rc-${uniqueSuffix()}`;
    const image = `registry.example.test/${app}/shop`;

    beforeAll(async () => {
      connection = await connectToRealCluster();
    });
    afterAll(async () => {
      await connection?.close();
      await deleteNamespaces([app]);
    });

    it('tells the previous run’s lines and its exit once per restart, and not again after a backend restart', async () => {
      const runtime = createKubernetesRuntime(
        connection.deps(),
      ) as KubernetesRuntime;
      const captured: { app: string; line: CapturedLogLine }[] = [];
      runtime.onLogLine((a, line) => captured.push({ app: a, line }));
      const v2 = release(app, {
        version: 2,
        image: `${image}:1.0`,
        procfile: { web: 'node server.js' },
      });
      await runtime.createApp(app, REAL_CLUSTER);
      const result = await runtime.apply(
        desiredState(app, v2, { web: 1 }, { cluster: REAL_CLUSTER }),
      );
      expect(result.status).toBe('ready');
      expect(captured).toEqual([]);

      // Then the process is restarted and its new container is OOM killed twice (a fake kubelet rule
      // applies to the pods it starts after).
      await setKubeletRules([
        {
          image: `${image}:1.0`,
          restarts: 2,
          lastExitCode: 137,
          lastReason: 'OOMKilled',
          previousLogs: 'loading the model\nallocating 64Mi',
        },
      ]);
      await runtime.restart(app, REAL_CLUSTER, {});
      let web = (await runtime.processes(app, REAL_CLUSTER))[0];
      await eventually(async () => {
        web = (await runtime.processes(app, REAL_CLUSTER))[0];
        return web.restarts === 2;
      });
      await eventually(async () => captured.length >= 3);
      const source = `web.${web.name.slice(`${app}-web-`.length)}`;
      expect(captured.map(c => [c.app, c.line.kind, c.line.line])).toEqual([
        [app, 'app', 'loading the model'],
        [app, 'app', 'allocating 64Mi'],
        [
          app,
          'platform',
          'Process exited with code 137 (OOMKilled); restarted by Kubernetes (restart 2)',
        ],
      ]);
      expect(captured.every(c => c.line.source === source)).toBe(true);
      expect(captured.every(c => c.line.release === 2)).toBe(true);
      // The platform line sorts after the run's own lines.
      expect(captured[2].line.time >= captured[1].line.time).toBe(true);

      // Seen once: the next sweeps tell nothing more.
      await runtime.processes(app, REAL_CLUSTER);
      await runtime.processes(app, REAL_CLUSTER);
      await new Promise(resolve => setTimeout(resolve, 1000));
      expect(captured).toHaveLength(3);

      // A backend started later takes the restarts of pods older than itself as told (no duplicates).
      const later = createKubernetesRuntime(
        connection.deps(),
      ) as KubernetesRuntime;
      const again: CapturedLogLine[] = [];
      later.onLogLine((_a, line) => again.push(line));
      await later.processes(app, REAL_CLUSTER);
      await new Promise(resolve => setTimeout(resolve, 1000));
      expect(again).toEqual([]);
    });
  },
);
