import { DEFAULT_OBJECTS } from '@backstage/plugin-kubernetes-backend';
import { KubeConfig } from '@kubernetes/client-node';
import https from 'node:https';
import { createGatewayRouter } from '../../routing/gateway/createGatewayRouter';
import { createIngressRouter } from '../../routing/ingress/createIngressRouter';
import { KubernetesRuntime } from './KubernetesRuntime';
import { createKubernetesRuntime } from './createKubernetesRuntime';
import { desiredState, release } from './__testUtils__/fakeCluster';
import { ensureGatewayApiCrds } from '../../kubernetes/__testUtils__/gatewayApiCrds';
import {
  adminObjects,
  applyAsAdmin,
  clusterEndpoint,
  describeWithCluster,
  documentedClusterRole,
  serviceAccountToken,
  uniqueSuffix,
} from '../../kubernetes/__testUtils__/realCluster';
import {
  REAL_CLUSTER,
  RealConnection,
  connectToRealCluster,
  deleteNamespaces,
} from '../../kubernetes/__testUtils__/realConnection';
import { kubernetesRoute, pemTls } from '../../kubernetes/__testUtils__/routes';

jest.setTimeout(120_000);

/** Applies a ClusterRole of docs/kubernetes.md under a name unique to this run; returns that name. */
async function applyDocumentedRole(name: string): Promise<string> {
  const role = documentedClusterRole(name);
  const unique = `${name}-${uniqueSuffix()}`;
  await applyAsAdmin([{ ...role, metadata: { name: unique } }]);
  return unique;
}

async function removeRole(name: string) {
  const api = adminObjects();
  for (const kind of ['ClusterRoleBinding', 'ClusterRole']) {
    await api
      .delete({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind,
        metadata: { name: kind === 'ClusterRole' ? name : `${name}-binding` },
      })
      .catch(() => undefined);
  }
}

describeWithCluster('the RBAC that docs/kubernetes.md documents', () => {
  describe('Slipway runtime and routers as the documented `slipway` ClusterRole', () => {
    let role: string;
    let connection: RealConnection;
    const app = `rbac-${uniqueSuffix()}`;

    beforeAll(async () => {
      await ensureGatewayApiCrds();
      role = await applyDocumentedRole('slipway');
      connection = await connectToRealCluster({
        clusterRole: role,
        serviceAccount: role,
      });
    });
    afterAll(async () => {
      await connection?.close();
      await deleteNamespaces([app]);
      await removeRole(role);
    });

    it('runs the whole flow without a single 403', async () => {
      const deps = connection.deps({
        kubernetes: {
          instance: app,
          registry: {
            server: 'registry.example.test',
            username: 'u',
            password: 'p',
          },
          ingress: {},
          gateway: { name: 'public', namespace: 'gateways' },
        },
      });
      const runtime = createKubernetesRuntime(deps) as KubernetesRuntime;
      const image = `registry.example.test/${app}`;
      const state = (
        r: ReturnType<typeof release>,
        structure: Record<string, number>,
        previous?: ReturnType<typeof release>,
        deployTimeout = 20,
      ) =>
        desiredState(app, r, structure, {
          cluster: REAL_CLUSTER,
          ...(previous ? { previousRelease: previous } : {}),
          settings: { ...desiredState(app, r, {}).settings, deployTimeout },
        });
      const procfile = { web: 'node server.js', worker: 'node worker.js' };
      const v2 = release(app, { version: 2, image: `${image}:1`, procfile });
      const v3 = release(app, {
        version: 3,
        image: `${image}:1`,
        procfile,
        values: { A: '1' },
      });

      await runtime.createApp(app, REAL_CLUSTER);
      expect(
        (await runtime.apply(state(v2, { web: 1, worker: 1 }))).status,
      ).toBe('ready');
      expect(
        (await runtime.apply(state(v3, { web: 2, worker: 1 }, v2))).status,
      ).toBe('ready');
      expect(
        (await runtime.apply(state(v3, { web: 2, worker: 1 }))).status,
      ).toBe('unchanged');
      // A rollout that fails reads the pods' problems and restores v3.
      const broken = release(app, {
        version: 4,
        image: `${image}:broken`,
        procfile,
      });
      expect(
        (await runtime.apply(state(broken, { web: 2, worker: 1 }, v3, 3)))
          .status,
      ).toBe('failed');
      const autoscaled = state(v3, { web: 2, worker: 1 });
      autoscaled.settings.autoscale = {
        worker: { min: 1, max: 3, cpuPercent: 50 },
      };
      expect((await runtime.apply(autoscaled)).status).toBe('ready');
      expect(
        (await runtime.apply(state(v3, { web: 2, worker: 1 }))).status,
      ).toBe('ready');
      await runtime.restart(app, REAL_CLUSTER, { type: 'worker' });
      const processes = await runtime.processes(app, REAL_CLUSTER);
      await runtime.restart(app, REAL_CLUSTER, { name: processes[0].name });
      const controller = new AbortController();
      for await (const _ of runtime.logs(app, REAL_CLUSTER, {
        follow: true,
        signal: controller.signal,
      })) {
        controller.abort();
      }
      expect(
        (await runtime.run(state(v3, {}), 'rake db:migrate')).exitCode,
      ).toBe(0);

      for (const router of [
        createIngressRouter(deps),
        createGatewayRouter(deps),
      ]) {
        const route = kubernetesRoute(app, {
          hosts: [
            { host: `${app}.apps.example.test` },
            { host: 'shop.example.com', tls: pemTls('c') },
          ],
        });
        expect(await router.apply([route])).toEqual({
          changed: true,
          rejected: [],
        });
        expect(
          (await router.apply([{ ...route, maintenance: true }])).rejected,
        ).toEqual([]);
        expect(await router.apply([])).toEqual({ changed: true, rejected: [] });
      }

      await runtime.deleteApp(app, REAL_CLUSTER);
      const forbidden = connection.proxy.requests.filter(r => r.status === 403);
      expect(forbidden).toEqual([]);
    });
  });

  describe('the Backstage Kubernetes plugin as the documented read-only ClusterRole', () => {
    let role: string;
    let kubeConfig: KubeConfig;

    beforeAll(async () => {
      role = await applyDocumentedRole('backstage-kubernetes-read');
      const token = await serviceAccountToken(role, role);
      const { url, caData } = clusterEndpoint();
      kubeConfig = new KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [{ name: 'c', server: url, caData }],
        users: [{ name: 'u', token }],
        contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
        currentContext: 'c',
      });
    });
    afterAll(() => removeRole(role));

    it.each(DEFAULT_OBJECTS.map(o => [o.objectType, o] as const))(
      'may list %s across all namespaces, as the plugin fetches them',
      async (_type, object) => {
        const apiVersion = object.group
          ? `${object.group}/${object.apiVersion}`
          : object.apiVersion;
        // The plugin's fetcher asks for the plural's path with the entity's label selector.
        const prefix = object.group ? `/apis/${apiVersion}` : '/api/v1';
        const response = await fetchAs(
          kubeConfig,
          `${prefix}/${object.plural}?labelSelector=backstage.io/kubernetes-id%3Dany`,
        );
        expect(response.status).toBe(200);
      },
    );

    it('may read pod logs and metrics, but no Secret and no write', async () => {
      const review = async (attributes: Record<string, string>) => {
        const answer = await fetchAs(
          kubeConfig,
          '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
          {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: { resourceAttributes: attributes },
          },
        );
        return (await answer.json()).status.allowed;
      };
      expect(
        await review({ verb: 'get', resource: 'pods', subresource: 'log' }),
      ).toBe(true);
      expect(
        await review({
          verb: 'list',
          group: 'metrics.k8s.io',
          resource: 'pods',
        }),
      ).toBe(true);
      expect(await review({ verb: 'list', resource: 'secrets' })).toBe(false);
      expect(
        await review({ verb: 'patch', group: 'apps', resource: 'deployments' }),
      ).toBe(false);
    });
  });
});

/** A request with the kubeconfig's credentials (a bearer token here) and CA. */
async function fetchAs(
  kubeConfig: KubeConfig,
  path: string,
  body?: unknown,
): Promise<{ status: number; json(): Promise<any> }> {
  const cluster = kubeConfig.getCurrentCluster()!;
  const user = kubeConfig.getCurrentUser()!;
  const url = new URL(path, cluster.server);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: body ? 'POST' : 'GET',
        ca: Buffer.from(cluster.caData!, 'base64'),
        headers: {
          authorization: `Bearer ${user.token}`,
          'content-type': 'application/json',
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: async () => JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
