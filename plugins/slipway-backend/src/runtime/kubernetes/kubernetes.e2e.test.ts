import {
  createBackendModule,
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  slipwayEventsServiceRef,
  slipwayPlatformExtensionPoint,
} from '@slipway/plugin-slipway-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCertificate } from '../../api/__testUtils__/certificates';
import { slipwayPlugin } from '../../plugin';
import { createIngressRouter } from '../../routing/ingress';
import { createKubernetesRuntime } from './createKubernetesRuntime';
import { silentLogger } from '../../kubernetes/__testUtils__/platformDeps';
import {
  describeWithCluster,
  uniqueSuffix,
} from '../../kubernetes/__testUtils__/realCluster';
import {
  REAL_CLUSTER,
  RealConnection,
  connectToRealCluster,
  deleteNamespaces,
  listAsAdmin,
  readAsAdmin,
} from '../../kubernetes/__testUtils__/realConnection';
import { userApi } from '../../api/__testUtils__/userApi';

jest.setTimeout(120_000);

/**
 * The whole flow through the REST API with the Kubernetes runtime and the ingress router, registered through
 * `slipwayPlatformExtensionPoint` by a backend module, against the real API server.
 */
describeWithCluster('Slipway on Kubernetes through the REST API', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let connection: RealConnection;
  let dataDir: string;
  const shop = `shop-${uniqueSuffix()}`;
  const image = `registry.example.test/${shop}`;

  beforeEach(async () => {
    connection = await connectToRealCluster();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-k8s-e2e-'));
  });
  afterEach(async () => {
    await connection.close();
    await deleteNamespaces([shop]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates, deploys, configures, scales, rolls back, adds a domain and cert, restarts, runs and deletes an app', async () => {
    const knex = await databases.init('SQLITE_3');
    const config = {
      slipway: {
        runtime: 'kubernetes',
        router: 'ingress',
        dataDir,
        encryptionKey: Buffer.alloc(32, 7).toString('base64'),
        domain: 'apps.example.test',
        defaultCluster: REAL_CLUSTER,
        reconcileInterval: { minutes: 10 },
        kubernetes: {
          clusters: [connection.cluster],
          retry: { attempts: 3, baseDelayMs: 5 },
          instance: shop,
          ingress: { className: 'nginx' },
        },
      },
    };
    const kubernetesModule = createBackendModule({
      pluginId: 'slipway',
      moduleId: 'kubernetes-test',
      register(reg) {
        reg.registerInit({
          deps: {
            platform: slipwayPlatformExtensionPoint,
            rootConfig: coreServices.rootConfig,
          },
          async init({ platform, rootConfig }) {
            const deps = {
              config: rootConfig,
              logger: silentLogger,
              dataDir,
              platformDomain: 'apps.example.test',
            };
            platform.addRuntime('kubernetes', createKubernetesRuntime(deps));
            platform.addRouter('ingress', createIngressRouter(deps));
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        slipwayPlugin,
        kubernetesModule,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: config }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        createServiceFactory({
          service: slipwayEventsServiceRef,
          deps: {},
          factory: () => ({
            publish: async () => {},
            subscribe: async () => {},
          }),
        }),
      ],
    });
    try {
      const api = userApi(backend.server);
      const eventually = async (check: () => void | Promise<void>) => {
        const deadline = Date.now() + 60_000;
        for (;;) {
          try {
            await check();
            return;
          } catch (error) {
            if (Date.now() > deadline) throw error;
            await new Promise(resolve => setTimeout(resolve, 200));
          }
        }
      };
      const web = () =>
        readAsAdmin('apps/v1', 'Deployment', shop, `${shop}-web`);
      const ingress = () =>
        readAsAdmin('networking.k8s.io/v1', 'Ingress', shop, shop);
      const latest = async () =>
        (await api.get(`/apps/${shop}/releases`)).body.items[0];

      await api.post('/apps', { name: shop }).expect(201);
      expect(
        (await readAsAdmin('v1', 'Namespace', undefined, shop))?.metadata
          .labels['backstage.io/kubernetes-id'],
      ).toBe(shop);

      await api
        .post(`/apps/${shop}/builds`, {
          image: `${image}:1`,
          procfile: { web: 'node server.js' },
        })
        .expect(201);
      await eventually(async () =>
        expect(await latest()).toMatchObject({
          version: 2,
          status: 'succeeded',
        }),
      );
      await eventually(async () =>
        expect((await web())?.spec.template.spec.containers[0].image).toBe(
          `${image}:1`,
        ),
      );
      await eventually(async () =>
        expect((await ingress())?.spec.rules[0].host).toBe(
          `${shop}.apps.example.test`,
        ),
      );
      // What the running pod prints is retained with nobody streaming its log (the fake kubelet's line).
      await eventually(async () => {
        const found = await api.get(`/apps/${shop}/logs/search?source=app`);
        expect(found.status).toBe(200);
        expect(found.body.items).toEqual([
          expect.objectContaining({
            kind: 'app',
            processType: 'web',
            release: 2,
            line: expect.stringMatching(
              new RegExp(`^web started in ${shop}-web-`),
            ),
          }),
        ]);
      });

      await api
        .patch(`/apps/${shop}/config`, { values: { FOO: 'bar' } })
        .expect(201);
      await eventually(async () =>
        expect(await latest()).toMatchObject({
          version: 3,
          status: 'succeeded',
        }),
      );
      await eventually(async () =>
        expect((await web()).spec.template.spec.containers[0].envFrom).toEqual([
          { secretRef: { name: `${shop}-v3-env` } },
        ]),
      );

      await api.post(`/apps/${shop}/scale`, { web: 3 }).expect(200);
      await eventually(async () => expect((await web()).spec.replicas).toBe(3));

      // Autoscaling: an HPA takes over the replicas; scaling by hand is refused until it is unset.
      const hpa = () =>
        readAsAdmin(
          'autoscaling/v2',
          'HorizontalPodAutoscaler',
          shop,
          `${shop}-web`,
        );
      await api
        .patch(`/apps/${shop}/settings`, {
          autoscale: { web: { min: 3, max: 5, cpuPercent: 70 } },
        })
        .expect(200);
      await eventually(async () =>
        expect((await hpa())?.spec.maxReplicas).toBe(5),
      );
      const refused = await api.post(`/apps/${shop}/scale`, { web: 1 });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        new RegExp(`HorizontalPodAutoscaler ${shop}-web`),
      );
      await api.patch(`/apps/${shop}/settings`, { autoscale: {} }).expect(200);
      await eventually(async () => expect(await hpa()).toBeUndefined());

      await api.post(`/apps/${shop}/releases/rollback`, {}).expect(201);
      await eventually(async () =>
        expect(await latest()).toMatchObject({
          version: 4,
          status: 'succeeded',
        }),
      );
      await eventually(async () =>
        expect((await web()).spec.template.spec.containers[0].envFrom).toEqual([
          { secretRef: { name: `${shop}-v4-env` } },
        ]),
      );
      // v2 had no config: the server stores its Secret (and v4's copy of it) without data.
      expect(
        (await readAsAdmin('v1', 'Secret', shop, `${shop}-v4-env`)).data,
      ).toBeUndefined();

      const { certificate, key } = makeCertificate(['shop.example.com']);
      await api
        .post(`/apps/${shop}/domains`, { domain: 'shop.example.com' })
        .expect(201);
      await api
        .post(`/apps/${shop}/certs`, { name: 'shop-cert', certificate, key })
        .expect(201);
      await api
        .post(`/apps/${shop}/certs/shop-cert/attach`, {
          domain: 'shop.example.com',
        })
        .expect(200);
      await eventually(async () => {
        const live = await ingress();
        expect(live.spec.rules.map((r: { host: string }) => r.host)).toEqual([
          `${shop}.apps.example.test`,
          'shop.example.com',
        ]);
        expect(live.spec.tls).toHaveLength(1);
        const secret = await readAsAdmin(
          'v1',
          'Secret',
          shop,
          live.spec.tls[0].secretName,
        );
        expect(
          Buffer.from(secret.data['tls.key'], 'base64').toString().trim(),
        ).toBe(key.trim());
      });

      await api
        .post(`/apps/${shop}/restart`, {})
        .expect(res => expect(res.status).toBeLessThan(300));
      expect(
        (await web()).spec.template.metadata.annotations?.[
          'kubectl.kubernetes.io/restartedAt'
        ],
      ).toBeDefined();

      // No container runs here: the fake kubelet finishes the Job's pod and logs one line for it.
      const run = await api.post(`/apps/${shop}/run`, {
        command: 'echo port=$PORT',
      });
      expect(run.status).toBeLessThan(300);
      expect(run.body).toEqual({
        exitCode: 0,
        output: expect.stringMatching(
          new RegExp(`^run started in ${shop}-run-`),
        ),
      });

      await eventually(async () => {
        const processes = (await api.get(`/apps/${shop}/processes`)).body;
        expect(
          processes.map(
            (p: { type: string; state: string }) => `${p.type} ${p.state}`,
          ),
        ).toEqual(['web up', 'web up', 'web up']);
      });

      await api
        .delete(`/apps/${shop}`)
        .expect(res => expect(res.status).toBeLessThan(300));
      await eventually(async () =>
        expect(await readAsAdmin('v1', 'Namespace', undefined, shop)).toBe(
          undefined,
        ),
      );
      expect(await listAsAdmin('apps/v1', 'Deployment', shop)).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
