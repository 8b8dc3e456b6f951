import { InputError } from '@backstage/errors';
import type { AppDesiredState } from '@slipway/plugin-slipway-node';
import { eventually } from '../local/testing/fixtures';
import { KubernetesRuntime } from './KubernetesRuntime';
import { createKubernetesRuntime } from './createKubernetesRuntime';
import { desiredState, release } from './__testUtils__/fakeCluster';
import {
  adminObjects,
  applyAsAdmin,
  describeWithCluster,
  setKubeletRules,
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

jest.setTimeout(90_000);

describeWithCluster('KubernetesRuntime against the real API server', () => {
  let connection: RealConnection;
  let runtime: KubernetesRuntime;
  const namespaces = new Set<string>();

  beforeAll(async () => {
    connection = await connectToRealCluster();
    runtime = createKubernetesRuntime(connection.deps()) as KubernetesRuntime;
  });
  afterAll(async () => {
    await connection?.close();
    await deleteNamespaces(namespaces);
  });

  /** A fresh app name and image per test: tests never see each other's objects or kubelet rules. */
  function newApp() {
    const app = `rt-${uniqueSuffix()}`;
    namespaces.add(app);
    return { app, image: `registry.example.test/${app}/shop` };
  }
  const state = (
    app: string,
    current: AppDesiredState['release'],
    structure: Record<string, number>,
    more: Partial<AppDesiredState> = {},
  ) =>
    desiredState(app, current, structure, { cluster: REAL_CLUSTER, ...more });
  const deployment = (app: string, type: string) =>
    readAsAdmin('apps/v1', 'Deployment', app, `${app}-${type}`);
  const container = async (app: string, type: string) =>
    (await deployment(app, type)).spec.template.spec.containers[0];
  const podsOf = async (app: string, type?: string) =>
    (
      await listAsAdmin(
        'v1',
        'Pod',
        app,
        `slipway.io/app=${app},slipway.io/type${type ? `=${type}` : ''}`,
      )
    ).filter((p: any) => !p.metadata.deletionTimestamp);

  const richRelease = (app: string, image: string, version = 2) =>
    release(app, {
      version,
      image: `${image}:1.0`,
      procfile: { web: 'node server.js', worker: 'node worker.js' },
      values: {
        DATABASE_URL: 'postgres://db/shop',
        GREETING: 'hello "world"; $(rm -rf /)',
      },
      limits: { web: { memory: '512Mi', cpu: '500m' } },
      tags: { 'topology.kubernetes.io/zone': 'eu-1a' },
      healthchecks: {
        web: {
          readiness: { type: 'http', path: '/healthz', periodSeconds: 5 },
          liveness: { type: 'tcp', initialDelaySeconds: 10 },
        },
      },
    });
  /** A release of two process types without node selector (the fake kubelet's nodes have no zone label). */
  const plainRelease = (
    app: string,
    image: string,
    version = 2,
    values: Record<string, string> = { A: '1' },
  ) =>
    release(app, {
      version,
      image: `${image}:1.0`,
      procfile: { web: 'node server.js', worker: 'node worker.js' },
      values,
    });

  async function deploy(app: string, r = plainRelease(app, `x/${app}`)) {
    await runtime.createApp(app, REAL_CLUSTER);
    const result = await runtime.apply(state(app, r, { web: 2, worker: 1 }));
    expect(result.status).toBe('ready');
    return r;
  }

  it('creates a labelled namespace for a new app', async () => {
    const { app } = newApp();
    await runtime.createApp(app, REAL_CLUSTER);
    const namespace = await readAsAdmin('v1', 'Namespace', undefined, app);
    expect(namespace.metadata.labels).toMatchObject({
      'slipway.io/app': app,
      'app.kubernetes.io/name': app,
      'backstage.io/kubernetes-id': app,
    });
  });

  it('turns a release into Deployments, a Service and an env Secret the server accepts', async () => {
    const { app, image } = newApp();
    const v2 = richRelease(app, image);
    await runtime.createApp(app, REAL_CLUSTER);
    // The zone tag matches no node of the test cluster: the pods stay Pending, so do not wait for them.
    const quick = { ...desiredState(app, v2, {}).settings, deployTimeout: 1 };
    const result = await runtime.apply(
      state(app, v2, { web: 2, worker: 1 }, { settings: quick }),
    );
    expect(result.upstream).toEqual({
      addresses: [`${app}-web.${app}.svc.cluster.local:80`],
      service: { namespace: app, name: `${app}-web`, port: 80 },
    });

    const web = await deployment(app, 'web');
    expect(web.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': app,
      'slipway.io/app': app,
      'slipway.io/type': 'web',
      'slipway.io/release': 'v2',
      'backstage.io/kubernetes-id': app,
    });
    expect(web.spec.replicas).toBe(2);
    expect(web.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(web.spec.template.spec.nodeSelector).toEqual({
      'topology.kubernetes.io/zone': 'eu-1a',
    });
    expect(web.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(await container(app, 'web')).toMatchObject({
      image: `${image}:1.0`,
      command: ['/bin/sh', '-c', 'node server.js'],
      env: [
        { name: 'PORT', value: '5000' },
        { name: 'HOME', value: '/home/slipway' },
      ],
      envFrom: [{ secretRef: { name: `${app}-v2-env` } }],
      ports: [{ name: 'http', containerPort: 5000, protocol: 'TCP' }],
      resources: { limits: { memory: '512Mi', cpu: '500m' } },
      readinessProbe: {
        httpGet: { path: '/healthz', port: 5000 },
        periodSeconds: 5,
      },
      livenessProbe: { tcpSocket: { port: 5000 }, initialDelaySeconds: 10 },
    });
    const worker = await container(app, 'worker');
    expect(worker.readinessProbe).toBeUndefined();
    expect(worker.livenessProbe).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    expect((await deployment(app, 'worker')).spec.replicas).toBe(1);

    const service = await readAsAdmin('v1', 'Service', app, `${app}-web`);
    expect(service.spec.selector).toEqual({
      'slipway.io/app': app,
      'slipway.io/type': 'web',
    });
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 5000, protocol: 'TCP' },
    ]);

    const secret = await readAsAdmin('v1', 'Secret', app, `${app}-v2-env`);
    expect(secret.immutable).toBe(true);
    const decoded = Object.fromEntries(
      Object.entries(secret.data).map(([k, v]) => [
        k,
        Buffer.from(String(v), 'base64').toString(),
      ]),
    );
    // Values go into the Secret verbatim; nothing a user types becomes part of a command or a name.
    expect(decoded).toEqual(v2.config.values);

    // What the server stored (defaults added, quantities canonical) is what Slipway applied: no write again.
    connection.proxy.reset();
    const again = await runtime.apply(
      state(app, v2, { web: 2, worker: 1 }, { settings: quick }),
    );
    expect(again.drift).toBeUndefined();
    expect(connection.proxy.writeLines()).toEqual([]);
  });

  it('runs every container as non-root with a read-only root, hardened, in a restricted namespace', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    const pod = (await deployment(app, 'web')).spec.template.spec;
    expect(pod.securityContext).toEqual({
      seccompProfile: { type: 'RuntimeDefault' },
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
    });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
    // Writable scratch space where programs expect it.
    expect(pod.volumes).toEqual([
      { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'home', emptyDir: { sizeLimit: '1Gi' } },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'home', mountPath: '/home/slipway' },
    ]);
    expect(pod.containers[0].env).toContainEqual({
      name: 'HOME',
      value: '/home/slipway',
    });
    const namespace = await readAsAdmin('v1', 'Namespace', undefined, app);
    expect(
      namespace.metadata.labels['pod-security.kubernetes.io/enforce'],
    ).toBe('restricted');
    const policy = await readAsAdmin(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      app,
      `${app}-ingress`,
    );
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          // client-node's model name for `from`.
          _from: [
            { podSelector: {} },
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
              },
            },
          ],
        },
      ],
    });

    // An app that stored `runAsNonRoot: false` while the platform does not allow root (the default) still runs
    // non-root in a restricted namespace.
    const asRoot = state(
      app,
      v2,
      { web: 2, worker: 1 },
      {
        settings: {
          ...desiredState(app, v2, {}).settings,
          runAsNonRoot: false,
        },
      },
    );
    expect((await runtime.apply(asRoot)).status).not.toBe('failed');
    const stillNonRoot = (await deployment(app, 'web')).spec.template.spec;
    expect(stillNonRoot.securityContext).toEqual(pod.securityContext);
    expect(stillNonRoot.containers[0].securityContext).toEqual(
      pod.containers[0].securityContext,
    );

    // Where the platform allows root (`pods.allowRoot`), an image that must run as root: the app opts out, keeps
    // the image's user and a writable root, and its namespace enforces baseline (restricted requires non-root).
    const rootRuntime = createKubernetesRuntime(
      connection.deps({ kubernetes: { pods: { allowRoot: true } } }),
    ) as KubernetesRuntime;
    const root = await rootRuntime.apply(asRoot);
    expect(root.status).toBe('ready');
    const rootPod = (await deployment(app, 'web')).spec.template.spec;
    expect(rootPod.securityContext).toEqual({
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(rootPod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(rootPod.volumes).toBeUndefined();
    expect(
      (await readAsAdmin('v1', 'Namespace', undefined, app)).metadata.labels[
        'pod-security.kubernetes.io/enforce'
      ],
    ).toBe('baseline');
  });

  it('Pod Security admission refuses a pod that breaks the restricted level in an app namespace', async () => {
    const { app, image } = newApp();
    await runtime.createApp(app, REAL_CLUSTER);
    await expect(
      adminObjects().create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'escape', namespace: app },
        spec: {
          hostPID: true,
          containers: [
            {
              name: 'main',
              image: `${image}:1`,
              securityContext: { privileged: true },
            },
          ],
        },
      } as any),
    ).rejects.toMatchObject({
      code: 403,
      body: expect.stringMatching(/violates PodSecurity .*restricted:latest/),
    });
  });

  it('enforces the configured Pod Security level and NetworkPolicy sources', async () => {
    const { app } = newApp();
    const strict = createKubernetesRuntime(
      connection.deps({
        kubernetes: {
          podSecurity: 'baseline',
          networkPolicy: { allowFrom: ['gateways', 'monitoring'] },
        },
      }),
    );
    await strict.createApp(app, REAL_CLUSTER);
    const namespace = await readAsAdmin('v1', 'Namespace', undefined, app);
    expect(
      namespace.metadata.labels['pod-security.kubernetes.io/enforce'],
    ).toBe('baseline');
    const policy = await readAsAdmin(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      app,
      `${app}-ingress`,
    );
    expect(
      policy.spec.ingress[0]._from.map(
        (f: any) =>
          f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'],
      ),
    ).toEqual([undefined, 'gateways', 'monitoring']);
    expect(() =>
      createKubernetesRuntime(
        connection.deps({ kubernetes: { podSecurity: 'lax' } }),
      ),
    ).toThrow(/podSecurity must be one of privileged, baseline, restricted/);
  });

  it('rolls out, and makes no write when the same release is applied again', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    expect(await podsOf(app, 'web')).toHaveLength(2);
    connection.proxy.reset();
    for (let i = 0; i < 3; i++) {
      const result = await runtime.apply(state(app, v2, { web: 2, worker: 1 }));
      expect(result.status).toBe('unchanged');
      expect(result.drift).toBeUndefined();
    }
    expect(connection.proxy.writeLines()).toEqual([]);
  });

  it('an idle app without config makes no write and reports no drift across reconciles', async () => {
    const { app, image } = newApp();
    const v2 = release(app, { version: 2, image: `${image}:idle` });
    await runtime.createApp(app, REAL_CLUSTER);
    expect((await runtime.apply(state(app, v2, { web: 1 }))).status).toBe(
      'ready',
    );
    // The server stores an empty Secret without `data` at all.
    expect(
      (await readAsAdmin('v1', 'Secret', app, `${app}-v2-env`)).data,
    ).toBeUndefined();
    connection.proxy.reset();
    for (let i = 0; i < 3; i++) {
      const result = await runtime.apply(state(app, v2, { web: 1 }));
      expect(result).toMatchObject({ status: 'unchanged' });
      expect(result.drift).toBeUndefined();
    }
    expect(connection.proxy.writeLines()).toEqual([]);
  });

  it('rolls out a config change with a new Secret and pod template', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    const v3 = plainRelease(app, `x/${app}`, 3, { A: '1', FEATURE: 'on' });
    const result = await runtime.apply(
      state(app, v3, { web: 2, worker: 1 }, { previousRelease: v2 }),
    );
    expect(result.status).toBe('ready');
    expect((await container(app, 'web')).envFrom).toEqual([
      { secretRef: { name: `${app}-v3-env` } },
    ]);
    const v3Secret = await readAsAdmin('v1', 'Secret', app, `${app}-v3-env`);
    expect(v3Secret.data.FEATURE).toBe(Buffer.from('on').toString('base64'));
    expect(
      await readAsAdmin('v1', 'Secret', app, `${app}-v2-env`),
    ).toBeDefined();
    // Rolled out: only v3 pods are left.
    await eventually(async () => {
      const pods = await podsOf(app, 'web');
      return (
        pods.length === 2 &&
        pods.every((p: any) => p.metadata.labels['slipway.io/release'] === 'v3')
      );
    });
  });

  it('rolls back to the previous image and config', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    const v3 = release(app, {
      version: 3,
      image: `x/${app}:2.0`,
      procfile: v2.build.procfile,
      values: { DATABASE_URL: 'postgres://other' },
    });
    await runtime.apply(
      state(app, v3, { web: 2, worker: 1 }, { previousRelease: v2 }),
    );
    expect((await container(app, 'web')).image).toBe(`x/${app}:2.0`);

    const v4 = { ...v2, version: 4 }; // a rollback release: v2's build and config as v4
    const result = await runtime.apply(
      state(app, v4, { web: 2, worker: 1 }, { previousRelease: v3 }),
    );
    expect(result.status).toBe('ready');
    expect((await container(app, 'web')).image).toBe(`x/${app}:1.0`);
    expect(
      (await readAsAdmin('v1', 'Secret', app, `${app}-v4-env`)).data,
    ).toEqual((await readAsAdmin('v1', 'Secret', app, `${app}-v2-env`)).data);
  });

  it('scales with one write per changed process type', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    connection.proxy.reset();
    const result = await runtime.apply(state(app, v2, { web: 4, worker: 1 }));
    expect(result.status).toBe('ready');
    expect(result.drift).toBeUndefined();
    expect(connection.proxy.writeLines()).toEqual([
      `PATCH /apis/apps/v1/namespaces/${app}/deployments/${app}-web`,
    ]);
    expect(await podsOf(app, 'web')).toHaveLength(4);
  });

  it('autoscales a process type with a HorizontalPodAutoscaler, without fighting it, and removes it when unset', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    const settings = desiredState(app, v2, {}).settings;
    const autoscaled = state(
      app,
      v2,
      { web: 2, worker: 1 },
      {
        settings: {
          ...settings,
          autoscale: { web: { min: 3, max: 6, cpuPercent: 60 } },
        },
      },
    );
    expect((await runtime.apply(autoscaled)).status).toBe('ready');
    // Handing the replicas to the autoscaler never scales the running pods down meanwhile.
    expect((await deployment(app, 'web')).spec.replicas).toBe(2);
    const hpa = await readAsAdmin(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      app,
      `${app}-web`,
    );
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: `${app}-web`,
      },
      minReplicas: 3,
      maxReplicas: 6,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 60 },
          },
        },
      ],
    });
    // The cluster's HPA controller scales the Deployment up to its minimum...
    await eventually(
      async () => (await deployment(app, 'web')).spec.replicas === 3,
      30_000,
    );
    // ...and Slipway leaves its replicas alone: no write, no drift.
    connection.proxy.reset();
    const again = await runtime.apply(autoscaled);
    expect(again.status).toBe('unchanged');
    expect(again.drift).toBeUndefined();
    expect(connection.proxy.writeLines()).toEqual([]);
    expect((await deployment(app, 'web')).spec.replicas).toBe(3);

    // Unset: the autoscaler goes and the structure's replicas are back.
    await runtime.apply(state(app, v2, { web: 2, worker: 1 }));
    expect(
      await readAsAdmin(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        app,
        `${app}-web`,
      ),
    ).toBeUndefined();
    expect((await deployment(app, 'web')).spec.replicas).toBe(2);
  });

  it('removes the Deployment of a process type the new release no longer has', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    const v3 = release(app, {
      version: 3,
      image: `x/${app}:1.0`,
      procfile: { web: 'node server.js' },
    });
    await runtime.apply(state(app, v3, { web: 2 }, { previousRelease: v2 }));
    expect(await deployment(app, 'worker')).toBeUndefined();
  });

  it('fails a crash-looping rollout without waiting for its deadline, says why, and restores the previous release', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    const broken = release(app, {
      version: 3,
      image: `x/${app}:broken`,
      procfile: v2.build.procfile,
    });
    const result = await runtime.apply(
      state(
        app,
        broken,
        { web: 2, worker: 1 },
        {
          previousRelease: v2,
          // Far longer than the test may take: the crash loop fails it first.
          settings: {
            ...desiredState(app, v2, {}).settings,
            deployTimeout: 600,
          },
        },
      ),
    );
    expect(result.status).toBe('failed');
    // The fake kubelet's `:broken` container restarted 3 times with exit code 1; its previous log is quoted.
    expect(result.reason).toMatch(
      /^Release v3 crashed: web: exited \(Error\) \(exit code 1\) after 3 restarts; last lines:\n {2}web exited in /,
    );
    expect(result.reason).toMatch(/rolled back to v2$/);
    expect((await container(app, 'web')).image).toBe(`x/${app}:1.0`);
    expect(
      (await deployment(app, 'web')).metadata.labels['slipway.io/release'],
    ).toBe('v2');
    // The old pods kept serving (maxUnavailable 0); the broken ones go once v2 is back.
    await eventually(async () => {
      const pods = await podsOf(app);
      return (
        pods.length === 3 &&
        pods.every((p: any) => p.spec.containers[0].image.endsWith(':1.0'))
      );
    });
  });

  it('fails an OOM-killed rollout at once with the memory limit and the last lines, and shows it in the processes', async () => {
    const { app, image } = newApp();
    const v2 = await deploy(app);
    await setKubeletRules([
      {
        image: `${image}:hungry`,
        ready: false,
        restarts: 1,
        lastExitCode: 137,
        lastReason: 'OOMKilled',
        previousLogs: 'loading the model\nallocating 64Mi',
      },
    ]);
    const hungry = release(app, {
      version: 3,
      image: `${image}:hungry`,
      procfile: { web: 'node server.js' },
      limits: { web: { memory: '32Mi' } },
    });
    const result = await runtime.apply(
      state(
        app,
        hungry,
        { web: 1 },
        {
          previousRelease: v2,
          settings: {
            ...desiredState(app, v2, {}).settings,
            deployTimeout: 600,
          },
        },
      ),
    );
    expect(result).toMatchObject({
      status: 'failed',
      reason:
        'Release v3 crashed: web: OOMKilled (memory limit 32Mi, exit code 137) after 1 restart; last lines:\n' +
        '  loading the model\n  allocating 64Mi; rolled back to v2',
    });

    // A process type that keeps being OOM killed shows how its last run ended.
    const { app: other } = newApp();
    await runtime.createApp(other, REAL_CLUSTER);
    await runtime.apply(
      state(
        other,
        { ...hungry, build: { ...hungry.build, app: other } },
        {
          web: 1,
        },
      ),
    );
    const [process] = await runtime.processes(other, REAL_CLUSTER);
    expect(process).toMatchObject({
      state: 'crashed',
      restarts: 1,
      message:
        'CrashLoopBackOff: back-off restarting failed container; last exit: OOMKilled (exit code 137, memory limit 32Mi)',
    });
  });

  it('heals drift and says what differed', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    // Someone ran `kubectl scale` (a merge patch by another field manager).
    await adminObjects().patch(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${app}-web`, namespace: app },
        spec: { replicas: 7 },
      },
      undefined,
      undefined,
      'kubectl',
      undefined,
      'application/merge-patch+json' as any,
    );
    const result = await runtime.apply(state(app, v2, { web: 2, worker: 1 }));
    expect(result.drift).toEqual([
      `Deployment ${app}-web: spec.replicas: 7 (expected 2)`,
    ]);
    expect((await deployment(app, 'web')).spec.replicas).toBe(2);
    const again = await runtime.apply(state(app, v2, { web: 2, worker: 1 }));
    expect(again).toMatchObject({ status: 'unchanged' });
    expect(again.drift).toBeUndefined();
  });

  it('recreates objects someone deleted and reports them as drift', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    const api = adminObjects();
    await api.delete({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${app}-worker`, namespace: app },
    });
    await api.delete({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `${app}-web`, namespace: app },
    });
    const result = await runtime.apply(state(app, v2, { web: 2, worker: 1 }));
    expect(result.drift).toEqual([
      `Deployment ${app}-worker: missing (recreated)`,
      `Service ${app}-web: missing (recreated)`,
    ]);
    expect(result.status).toBe('ready');
    expect((await deployment(app, 'worker')).spec.replicas).toBe(1);
    expect(await readAsAdmin('v1', 'Service', app, `${app}-web`)).toBeDefined();
  });

  it('keeps the env Secrets of the last 10 releases', async () => {
    const { app, image } = newApp();
    await runtime.createApp(app, REAL_CLUSTER);
    let previous;
    for (let version = 2; version <= 14; version++) {
      const r = release(app, {
        version,
        image: `${image}:1`,
        values: { N: String(version) },
      });
      // No replicas: nothing to wait for; only the Secrets matter here.
      await runtime.apply(
        state(app, r, { web: 0 }, { previousRelease: previous }),
      );
      previous = r;
    }
    const names = (
      await listAsAdmin('v1', 'Secret', app, 'slipway.io/role=env')
    )
      .map((s: any) => s.metadata.name)
      .sort();
    expect(names).toEqual(
      [5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map(v => `${app}-v${v}-env`).sort(),
    );
  });

  it('restarts by rolling the pods without fighting the next apply', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    const before = (await podsOf(app, 'web')).map((p: any) => p.metadata.name);
    await runtime.restart(app, REAL_CLUSTER, { type: 'web' });
    expect(
      (await deployment(app, 'web')).spec.template.metadata.annotations[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toBeDefined();
    await eventually(async () => {
      const now = await podsOf(app, 'web');
      return (
        now.length === 2 &&
        now.every(
          (p: any) =>
            !before.includes(p.metadata.name) && p.status.phase === 'Running',
        )
      );
    });
    connection.proxy.reset();
    const result = await runtime.apply(state(app, v2, { web: 2, worker: 1 }));
    expect(result.status).toBe('unchanged');
    expect(connection.proxy.writeLines()).toEqual([]);
    await expect(
      runtime.restart(app, REAL_CLUSTER, { type: 'clock' }),
    ).rejects.toThrow(/no process type "clock"/);
  });

  it('restarts one process by name and refuses names of other apps', async () => {
    const { app } = newApp();
    await deploy(app);
    const [pod] = await podsOf(app, 'web');
    await runtime.restart(app, REAL_CLUSTER, { name: pod.metadata.name });
    await eventually(
      async () =>
        !(await readAsAdmin('v1', 'Pod', app, pod.metadata.name)) ||
        (
          await readAsAdmin('v1', 'Pod', app, pod.metadata.name)
        ).metadata.deletionTimestamp,
    );
    await expect(
      runtime.restart(app, REAL_CLUSTER, { name: '../../etc' }),
    ).rejects.toThrow(/No process/);
    await expect(
      runtime.restart(app, REAL_CLUSTER, { name: 'kube-apiserver' }),
    ).rejects.toThrow(/No process/);
  });

  it('lists processes with their state, restarts and release', async () => {
    const { app } = newApp();
    await deploy(app);
    const processes = await eventually(async () => {
      const all = await runtime.processes(app, REAL_CLUSTER);
      return all.length === 3 && all.every(p => p.state === 'up')
        ? all
        : undefined;
    });
    expect(
      processes.map(p => [p.type, p.state, p.release, p.restarts]),
    ).toEqual([
      ['web', 'up', 2, 0],
      ['web', 'up', 2, 0],
      ['worker', 'up', 2, 0],
    ]);
    expect(processes[0].name).toMatch(new RegExp(`^${app}-web-`));
    expect(processes[0].startedAt).toMatch(/^\d{4}-/);
  });

  it('runs a one-off command as a Job and returns its log and exit code', async () => {
    const { app, image } = newApp();
    await runtime.createApp(app, REAL_CLUSTER);
    await setKubeletRules([
      {
        image: `${image}:migrate-ok`,
        phase: 'Succeeded',
        after: 1,
        exitCode: 0,
        logs: 'migrating\ndone',
      },
      {
        image: `${image}:migrate-fails`,
        phase: 'Failed',
        after: 1,
        exitCode: 3,
        logs: 'migrating\nno database',
      },
      {
        // A pod that failed while its container exited 0 (as a process does on the SIGTERM of an eviction).
        image: `${image}:migrate-cut`,
        phase: 'Failed',
        after: 1,
        exitCode: 0,
        logs: 'migrating',
      },
    ]);
    const ok = await runtime.run(
      state(
        app,
        release(app, { version: 2, image: `${image}:migrate-ok` }),
        {},
      ),
      'rake db:migrate',
    );
    expect(ok).toEqual({ exitCode: 0, output: 'migrating\ndone\n' });
    const failed = await runtime.run(
      state(
        app,
        release(app, { version: 2, image: `${image}:migrate-fails` }),
        {},
      ),
      'rake db:migrate',
    );
    expect(failed).toEqual({ exitCode: 3, output: 'migrating\nno database\n' });
    const cut = await runtime.run(
      state(
        app,
        release(app, { version: 2, image: `${image}:migrate-cut` }),
        {},
      ),
      'rake db:migrate',
    );
    expect(cut).toEqual({
      exitCode: 1,
      output:
        'migrating\nThe command did not complete: pod Failed: container exit code 0 (Completed)\n',
    });
    // The Jobs (and, in the background, their pods) are removed afterwards.
    expect(await listAsAdmin('batch/v1', 'Job', app)).toEqual([]);
    await expect(
      runtime.run(state(app, undefined, {}), 'echo'),
    ).rejects.toThrow(InputError);
  });

  it('stops a release phase Job (e.g. of a dead replica) and leaves one-off runs and other releases alone', async () => {
    const { app, image } = newApp();
    await runtime.createApp(app, REAL_CLUSTER);
    await setKubeletRules([
      { image: `${image}:long`, phase: 'Succeeded', after: 600, exitCode: 0 },
    ]);
    const job = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: app, labels },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            // As the namespace's `restricted` Pod Security level requires.
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 1000,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'run',
                image: `${image}:long`,
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    });
    const run = { 'slipway.io/app': app, 'slipway.io/role': 'run' };
    const phase = { ...run, 'slipway.io/phase': 'release' };
    await applyAsAdmin([
      job(`${app}-run-phase2`, { ...phase, 'slipway.io/release': 'v2' }),
      job(`${app}-run-oneoff2`, { ...run, 'slipway.io/release': 'v2' }),
      job(`${app}-run-phase1`, { ...phase, 'slipway.io/release': 'v1' }),
    ]);
    const names = async (kind: string) =>
      (await listAsAdmin(kind === 'Job' ? 'batch/v1' : 'v1', kind, app))
        .map(
          o =>
            o.metadata.labels['batch.kubernetes.io/job-name'] ??
            o.metadata.name,
        )
        .sort();
    await eventually(async () => (await names('Pod')).length === 3);

    await runtime.stopReleasePhase(app, REAL_CLUSTER, 2);
    const left = [`${app}-run-oneoff2`, `${app}-run-phase1`];
    expect(await names('Job')).toEqual(left);
    // Its pod goes too (background propagation).
    await eventually(async () => (await names('Pod')).join() === left.join());
    // Nothing left to stop is no error.
    await runtime.stopReleasePhase(app, REAL_CLUSTER, 2);
  });

  it('reads logs across pods and follows them, including pods that start later', async () => {
    const { app } = newApp();
    const v2 = await deploy(app);
    // A pod's log is served once its kubelet has started it, which may come a moment after it is ready.
    const readAll = async () => {
      const read = [];
      for await (const line of runtime.logs(app, REAL_CLUSTER, { lines: 50 }))
        read.push(line);
      return read;
    };
    let lines: Awaited<ReturnType<typeof readAll>> = [];
    await eventually(async () => {
      lines = await readAll();
      return lines.length >= 3;
    }, 30_000);
    expect(lines.map(l => l.source.split('.')[0]).sort()).toEqual([
      'web',
      'web',
      'worker',
    ]);
    expect(lines[0].line).toMatch(/^(web|worker) started in /);
    expect(lines[0].time).toMatch(/^\d{4}-/);

    const controller = new AbortController();
    const seen = new Set<string>();
    const stream = runtime.logs(app, REAL_CLUSTER, {
      type: 'web',
      follow: true,
      lines: 10,
      signal: controller.signal,
    });
    let scaling: Promise<unknown> | undefined;
    for await (const line of stream) {
      seen.add(line.source);
      scaling ??= runtime.apply(state(app, v2, { web: 3, worker: 1 }));
      if (seen.size === 3) controller.abort();
    }
    await scaling;
    // The third web pod started after following began; its line still arrived.
    expect(seen.size).toBe(3);
  });

  it('deletes everything the app owns', async () => {
    const { app } = newApp();
    await deploy(app);
    await runtime.deleteApp(app, REAL_CLUSTER);
    // The namespace controller empties the namespace, then removes it.
    await eventually(
      async () => !(await readAsAdmin('v1', 'Namespace', undefined, app)),
      60_000,
    );
    expect(await listAsAdmin('apps/v1', 'Deployment', app)).toEqual([]);
    await runtime.deleteApp(app, REAL_CLUSTER); // idempotent
  });

  it('creates and references an image pull Secret when a registry is configured', async () => {
    const { app } = newApp();
    const withRegistry = createKubernetesRuntime(
      connection.deps({
        kubernetes: {
          registry: {
            server: 'registry.example.test',
            username: 'bot',
            password: 's3cret',
          },
        },
      }),
    );
    await withRegistry.createApp(app, REAL_CLUSTER);
    const v2 = plainRelease(app, `x/${app}`);
    await withRegistry.apply(state(app, v2, { web: 1, worker: 0 }));
    const secret = await readAsAdmin('v1', 'Secret', app, 'slipway-registry');
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(
      Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString(),
    );
    expect(config.auths['registry.example.test'].username).toBe('bot');
    expect(
      (await deployment(app, 'web')).spec.template.spec.imagePullSecrets,
    ).toEqual([{ name: 'slipway-registry' }]);
    connection.proxy.reset();
    await withRegistry.apply(state(app, v2, { web: 1, worker: 0 }));
    expect(connection.proxy.writeLines()).toEqual([]);
  });

  describe('refuses hostile or invalid input without writing anything', () => {
    it.each([
      [
        'an app name with shell and YAML',
        { app: 'shop\n  namespace: kube-system' },
      ],
      ['an app name with a slash', { app: '../kube-system' }],
      ['a reserved app name', { app: 'kube-system' }],
    ])('%s', async (_what, { app }) => {
      connection.proxy.reset();
      await expect(
        runtime.apply(
          state(app, release(app, { version: 2, image: 'nginx' }), {
            web: 1,
          }),
        ),
      ).rejects.toThrow(InputError);
      await expect(runtime.createApp(app, REAL_CLUSTER)).rejects.toThrow(
        InputError,
      );
      await expect(runtime.deleteApp(app, REAL_CLUSTER)).rejects.toThrow(
        InputError,
      );
      expect(connection.proxy.requests).toEqual([]);
    });

    it.each([
      [
        'a process type that is not a DNS label',
        { procfile: { 'web"}, {"name': 'x' } },
      ],
      ['a tag value with a newline', { tags: { disk: 'ssd\nevil: true' } }],
      ['a tag key with spaces', { tags: { 'a b': 'c' } }],
      [
        'a limit that is not a quantity',
        { limits: { web: { memory: '1Gi; rm -rf /' } } },
      ],
      ['an image with spaces', { image: 'nginx --privileged' }],
      [
        'an http probe path with spaces',
        {
          healthchecks: {
            web: { readiness: { type: 'http' as const, path: '/ok HTTP/1.1' } },
          },
        },
      ],
    ])('%s', async (_what, input) => {
      const { app } = newApp();
      await runtime.createApp(app, REAL_CLUSTER);
      connection.proxy.reset();
      const bad = release(app, { version: 2, image: 'nginx:1.27', ...input });
      const result = await runtime.apply(state(app, bad, { web: 1 }));
      expect(result.status).toBe('failed');
      expect(result.reason).toBeTruthy();
      expect(connection.proxy.writeLines()).toEqual([]);
    });

    it('a slug of the local builder: the release fails pointing at slipway.builder', async () => {
      const { app } = newApp();
      await runtime.createApp(app, REAL_CLUSTER);
      connection.proxy.reset();
      const slug = release(app, {
        version: 2,
        image: `slug:${'0f'.repeat(32)}`,
        procfile: { web: 'node server.js' },
      });
      const result = await runtime.apply(state(app, slug, { web: 1 }));
      expect(result.status).toBe('failed');
      expect(result.reason).toMatch(
        /slug of the local builder.*set slipway\.builder to kubernetes/,
      );
      expect(connection.proxy.writeLines()).toEqual([]);
      await expect(runtime.run(state(app, slug, {}), 'echo')).rejects.toThrow(
        /slipway\.builder/,
      );
    });

    it('a structure with an invalid process type', async () => {
      const { app } = newApp();
      await runtime.createApp(app, REAL_CLUSTER);
      connection.proxy.reset();
      const result = await runtime.apply(
        state(app, plainRelease(app, 'x/y'), { 'web,slipway.io/app!=x': 1 }),
      );
      expect(result.status).toBe('failed');
      expect(connection.proxy.writeLines()).toEqual([]);
    });

    it('an unknown cluster', async () => {
      await expect(runtime.createApp('shop', 'mars')).rejects.toThrow(
        'Unknown Kubernetes cluster "mars"; configured clusters (slipway.kubernetes.clusters): real',
      );
    });
  });
});
