import {
  createBackendModule,
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { slipwayPlatformExtensionPoint } from '@slipway/plugin-slipway-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { makeCertificate } from '../../api/__testUtils__/certificates';
import { slipwayPlugin } from '../../plugin';
import { createIngressRouter } from '../../router/ingress';
import { createKubernetesRuntime } from './createKubernetesRuntime';
import { FakeKubernetesApi } from './__testUtils__/FakeKubernetesApi';
import { silentLogger } from './__testUtils__/fakeCluster';

jest.setTimeout(120_000);

/**
 * The whole flow through the REST API with the Kubernetes runtime and the ingress router, registered through
 * `slipwayPlatformExtensionPoint` by a backend module, against the fake Kubernetes API.
 */
describe('Slipway on Kubernetes through the REST API', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let fake: FakeKubernetesApi;
  let dataDir: string;

  beforeEach(async () => {
    fake = await FakeKubernetesApi.start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-k8s-e2e-'));
  });
  afterEach(async () => {
    await fake.close();
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
        defaultCluster: 'fake',
        reconcileInterval: { minutes: 10 },
        kubernetes: {
          clusters: [fake.clusterConfig()],
          retry: { attempts: 3, baseDelayMs: 5 },
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
          service: eventsServiceRef,
          deps: {},
          factory: () => ({
            publish: async () => {},
            subscribe: async () => {},
          }),
        }),
      ],
    });
    try {
      const auth = mockCredentials.user.header('user:default/jane');
      const api = {
        get: (url: string) =>
          request(backend.server)
            .get(`/api/slipway${url}`)
            .set('Authorization', auth),
        post: (url: string, body: object = {}) =>
          request(backend.server)
            .post(`/api/slipway${url}`)
            .set('Authorization', auth)
            .send(body),
        patch: (url: string, body: object) =>
          request(backend.server)
            .patch(`/api/slipway${url}`)
            .set('Authorization', auth)
            .send(body),
        delete: (url: string) =>
          request(backend.server)
            .delete(`/api/slipway${url}`)
            .set('Authorization', auth),
      };
      const eventually = async (check: () => void | Promise<void>) => {
        const deadline = Date.now() + 20_000;
        for (;;) {
          try {
            await check();
            return;
          } catch (error) {
            if (Date.now() > deadline) throw error;
            await new Promise(resolve => setTimeout(resolve, 50));
          }
        }
      };
      const web = () => fake.get('apps/v1', 'Deployment', 'shop', 'shop-web');
      const latest = async () =>
        (await api.get('/apps/shop/releases')).body.items[0];

      await api.post('/apps', { name: 'shop' }).expect(201);
      expect(
        fake.get('v1', 'Namespace', undefined, 'shop')?.metadata.labels[
          'backstage.io/kubernetes-id'
        ],
      ).toBe('shop');

      await api
        .post('/apps/shop/builds', {
          image: 'registry.example.test/shop:1',
          procfile: { web: 'node server.js' },
        })
        .expect(201);
      await eventually(async () =>
        expect(await latest()).toMatchObject({
          version: 2,
          status: 'succeeded',
        }),
      );
      // (The release's status alone is not enough: see the report on the reconciler's v1/v2 race.)
      await eventually(() =>
        expect(web()?.spec.template.spec.containers[0].image).toBe(
          'registry.example.test/shop:1',
        ),
      );
      await eventually(() =>
        expect(
          fake.get('networking.k8s.io/v1', 'Ingress', 'shop', 'shop')?.spec
            .rules[0].host,
        ).toBe('shop.apps.example.test'),
      );

      await api
        .patch('/apps/shop/config', { values: { FOO: 'bar' } })
        .expect(201);
      await eventually(async () =>
        expect(await latest()).toMatchObject({
          version: 3,
          status: 'succeeded',
        }),
      );
      await eventually(() =>
        expect(web()!.spec.template.spec.containers[0].envFrom).toEqual([
          { secretRef: { name: 'shop-v3-env' } },
        ]),
      );

      await api.post('/apps/shop/scale', { web: 3 }).expect(200);
      await eventually(() => expect(web()!.spec.replicas).toBe(3));

      await api.post('/apps/shop/releases/rollback', {}).expect(201);
      await eventually(async () =>
        expect(await latest()).toMatchObject({
          version: 4,
          status: 'succeeded',
        }),
      );
      await eventually(() =>
        expect(web()!.spec.template.spec.containers[0].envFrom).toEqual([
          { secretRef: { name: 'shop-v4-env' } },
        ]),
      );
      expect(fake.get('v1', 'Secret', 'shop', 'shop-v4-env')!.data).toEqual({});

      const { certificate, key } = makeCertificate(['shop.example.com']);
      await api
        .post('/apps/shop/domains', { domain: 'shop.example.com' })
        .expect(201);
      await api
        .post('/apps/shop/certs', { name: 'shop-cert', certificate, key })
        .expect(201);
      await api
        .post('/apps/shop/certs/shop-cert/attach', {
          domain: 'shop.example.com',
        })
        .expect(200);
      await eventually(() => {
        const ingress = fake.get(
          'networking.k8s.io/v1',
          'Ingress',
          'shop',
          'shop',
        )!;
        expect(ingress.spec.rules.map((r: { host: string }) => r.host)).toEqual(
          ['shop.apps.example.test', 'shop.example.com'],
        );
        expect(ingress.spec.tls).toHaveLength(1);
        const secret = fake.get(
          'v1',
          'Secret',
          'shop',
          ingress.spec.tls[0].secretName,
        )!;
        expect(
          Buffer.from(secret.data['tls.key'], 'base64').toString().trim(),
        ).toBe(key.trim());
      });

      await api
        .post('/apps/shop/restart', {})
        .expect(res => expect(res.status).toBeLessThan(300));
      expect(
        web()!.spec.template.metadata.annotations?.[
          'kubectl.kubernetes.io/restartedAt'
        ],
      ).toBeDefined();

      const run = await api.post('/apps/shop/run', {
        command: 'echo port=$PORT',
      });
      expect(run.status).toBeLessThan(300);
      expect(run.body).toEqual({ exitCode: 0, output: 'port=5000\n' });

      await eventually(async () => {
        const processes = (await api.get('/apps/shop/processes')).body;
        expect(
          processes.map(
            (p: { type: string; state: string }) => `${p.type} ${p.state}`,
          ),
        ).toEqual(['web up', 'web up', 'web up']);
      });

      await api
        .delete('/apps/shop')
        .expect(res => expect(res.status).toBeLessThan(300));
      await eventually(() => expect(fake.objectsIn('shop')).toEqual([]));
      expect(fake.get('v1', 'Namespace', undefined, 'shop')).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });
});
