import {
  adminObjects,
  clusterConfig,
  describeWithCluster,
  setKubeletRules,
  uniqueSuffix,
} from './realCluster';

jest.setTimeout(60_000);

describeWithCluster(
  'the real control plane the Kubernetes suites run against',
  () => {
    it('authenticates a ServiceAccount bound to a ClusterRole and runs a Job to completion with the logs a rule sets', async () => {
      const cluster = await clusterConfig();
      expect(cluster.serviceAccountToken).toMatch(/^ey/);

      const id = uniqueSuffix();
      const image = `registry.example.test/harness-${id}:v1`;
      await setKubeletRules([
        {
          image,
          phase: 'Succeeded',
          after: 1,
          exitCode: 0,
          logs: `hello ${id}`,
        },
      ]);
      const api = adminObjects();
      const namespace = `harness-${id}`;
      await api.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
      try {
        await api.create({
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'once', namespace },
          spec: {
            backoffLimit: 0,
            template: {
              spec: {
                restartPolicy: 'Never',
                automountServiceAccountToken: false,
                containers: [{ name: 'main', image }],
              },
            },
          },
        } as any);
        let job: any;
        for (let i = 0; i < 200; i++) {
          job = await api.read({
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: { name: 'once', namespace },
          });
          if (job.status?.succeeded) break;
          await new Promise(r => setTimeout(r, 100));
        }
        expect(job.status?.succeeded).toBe(1);
      } finally {
        await api.delete({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        });
      }
    });
  },
);
