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
import { slipwayPlugin } from '../../../plugin';
import { createIngressRouter } from '../../../routing/ingress';
import { createKubernetesRuntime } from '../createKubernetesRuntime';
import { silentLogger } from '../../../kubernetes/__testUtils__/platformDeps';
import { uniqueSuffix } from '../../../kubernetes/__testUtils__/realCluster';
import {
  REAL_CLUSTER,
  RealConnection,
  connectToRealCluster,
  deleteNamespaces,
  listAsAdmin,
} from '../../../kubernetes/__testUtils__/realConnection';
import {
  buildImage,
  realNodePlacement,
} from '../../../kubernetes/__testUtils__/realNode';
import { userApi } from '../../../api/__testUtils__/userApi';

const APP_DIR = path.join(__dirname, 'realNodeApp');

/**
 * Starts Slipway with the Kubernetes runtime and ingress router on the real node of ../shared/k8s (in the
 * enclosing describe's beforeAll/afterAll), with the test app image built by image.sh; returns helpers that
 * drive apps through the REST API and check their pods from outside. `prefix` keeps the names (apps, image,
 * instance) of each test file apart. Call it inside `describeWithRealNode`.
 */
export function slipwayOnRealNode(prefix: string) {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const suffix = uniqueSuffix();
  const apps: string[] = [];
  let connection: RealConnection;
  let dataDir: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let image: string;

  const appName = (what: string) => {
    const name = `${prefix}-${what}-${suffix}`;
    apps.push(name);
    return name;
  };

  beforeAll(async () => {
    image = await buildImage(`${prefix}-app:${suffix}`, APP_DIR, [
      '/usr/bin/node',
      '/app/server.js',
    ]);
    connection = await connectToRealCluster();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-real-node-'));
    const knex = await databases.init('SQLITE_3');
    const config = {
      slipway: {
        runtime: 'kubernetes',
        router: 'ingress',
        dataDir,
        encryptionKey: Buffer.alloc(32, 9).toString('base64'),
        domain: 'apps.example.test',
        defaultCluster: REAL_CLUSTER,
        reconcileInterval: { minutes: 10 },
        kubernetes: {
          clusters: [connection.cluster],
          retry: { attempts: 3, baseDelayMs: 5 },
          instance: `${prefix}-${suffix}`,
          ingress: { className: 'nginx' },
          // The real node's label and taint: how a platform pins app pods to its nodes.
          pods: {
            nodeSelector: Object.entries(realNodePlacement.nodeSelector).map(
              ([key, value]) => ({ key, value }),
            ),
            tolerations: realNodePlacement.tolerations,
          },
        },
      },
    };
    const kubernetesModule = createBackendModule({
      pluginId: 'slipway',
      moduleId: 'real-node-test',
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
    backend = await startTestBackend({
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
  });

  afterAll(async () => {
    await backend?.stop();
    await connection?.close();
    await deleteNamespaces(apps);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const api = userApi(() => backend.server);

  const eventually = async <T>(
    check: () => T | Promise<T>,
    timeoutMs = 90_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise(resolve => setTimeout(resolve, 300));
      }
    }
  };

  /** The release `version` once it has settled (succeeded or failed). */
  const settled = (app: string, version: number) =>
    eventually(async () => {
      const release = (await api.get(`/apps/${app}/releases`)).body.items.find(
        (r: { version: number }) => r.version === version,
      );
      if (release?.status !== 'succeeded' && release?.status !== 'failed')
        throw new Error(`v${version} of ${app} is ${release?.status}`);
      return release;
    }, 150_000);

  /** The app's running, ready web pods (as the API server has them). */
  const readyPods = async (app: string, type = 'web') =>
    (
      await listAsAdmin(
        'v1',
        'Pod',
        app,
        `slipway.io/app=${app},slipway.io/type=${type}`,
      )
    ).filter(
      pod =>
        !pod.metadata.deletionTimestamp &&
        (pod.status?.conditions ?? []).some(
          (c: any) => c.type === 'Ready' && c.status === 'True',
        ),
    );

  /** What a pod answers at its own address (the host reaches pod IPs; nothing else routes here). */
  const answer = async (pod: any, port = 5000) => {
    const response = await fetch(`http://${pod.status.podIP}:${port}/`, {
      signal: AbortSignal.timeout(3000),
    });
    return (await response.json()) as Record<string, unknown>;
  };

  /** Every ready web pod answers, and with `greeting`. */
  const servesGreeting = (app: string, greeting: string | null, count = 1) =>
    eventually(async () => {
      const pods = await readyPods(app);
      expect(pods).toHaveLength(count);
      for (const pod of pods)
        expect((await answer(pod)).greeting).toBe(greeting);
      return pods;
    });

  /** Creates an app and deploys the test image; resolves when its release serves. */
  const deployServing = async (
    app: string,
    procfile: Record<string, string> = { web: 'node /app/server.js' },
    values: Record<string, string> = { GREETING: 'hello' },
  ) => {
    await api.post('/apps', { name: app }).expect(201);
    await api.patch(`/apps/${app}/config`, { values }).expect(201);
    await api.post(`/apps/${app}/builds`, { image, procfile }).expect(201);
    const release = await settled(app, 3);
    expect({ status: release.status, reason: release.reason }).toEqual({
      status: 'succeeded',
    });
    if (procfile.web !== undefined)
      await servesGreeting(app, values.GREETING ?? null);
    return release;
  };

  return {
    /** The test app's image, once beforeAll has built it. */
    image: () => image,
    appName,
    api,
    eventually,
    settled,
    readyPods,
    answer,
    servesGreeting,
    deployServing,
  };
}
