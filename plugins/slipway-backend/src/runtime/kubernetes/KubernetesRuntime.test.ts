import { InputError } from '@backstage/errors';
import { KubernetesRuntime } from './KubernetesRuntime';
import { createKubernetesRuntime } from './createKubernetesRuntime';
import { FakeKubernetesApi } from './__testUtils__/FakeKubernetesApi';
import {
  desiredState,
  fakePlatformDeps,
  release,
} from './__testUtils__/fakeCluster';
import { expectValidManifest } from './__testUtils__/schemas';

jest.setTimeout(30_000);

const APP = 'shop';

describe('KubernetesRuntime against the fake Kubernetes API', () => {
  let fake: FakeKubernetesApi;
  let runtime: KubernetesRuntime;

  beforeEach(async () => {
    fake = await FakeKubernetesApi.start();
    runtime = createKubernetesRuntime(
      fakePlatformDeps(fake),
    ) as KubernetesRuntime;
  });
  afterEach(() => fake.close());

  const deployment = (type: string) =>
    fake.get('apps/v1', 'Deployment', APP, `${APP}-${type}`)!;
  const container = (type: string) =>
    deployment(type).spec.template.spec.containers[0];

  const v2 = release(APP, {
    version: 2,
    image: 'registry.example.test/shop:1.0',
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

  async function deployV2() {
    await runtime.createApp(APP, 'fake');
    return runtime.apply(desiredState(APP, v2, { web: 2, worker: 1 }));
  }

  it('creates a labelled namespace for a new app', async () => {
    await runtime.createApp(APP, 'fake');
    const namespace = fake.get('v1', 'Namespace', undefined, APP)!;
    expect(namespace.metadata.labels).toMatchObject({
      'slipway.io/app': APP,
      'app.kubernetes.io/name': APP,
      'backstage.io/kubernetes-id': APP,
    });
  });

  it('turns a release into Deployments, a Service and an env Secret', async () => {
    const result = await deployV2();
    expect(result).toEqual({
      status: 'ready',
      upstream: {
        addresses: [`${APP}-web.${APP}.svc.cluster.local:80`],
        service: { namespace: APP, name: `${APP}-web`, port: 80 },
      },
    });

    const web = deployment('web');
    expect(web.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': APP,
      'slipway.io/app': APP,
      'slipway.io/type': 'web',
      'slipway.io/release': 'v2',
      'backstage.io/kubernetes-id': APP,
    });
    expect(web.spec.replicas).toBe(2);
    expect(web.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(
      web.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe(APP);
    expect(web.spec.template.spec.nodeSelector).toEqual({
      'topology.kubernetes.io/zone': 'eu-1a',
    });
    expect(container('web')).toMatchObject({
      image: 'registry.example.test/shop:1.0',
      command: ['/bin/sh', '-c', 'node server.js'],
      env: [{ name: 'PORT', value: '5000' }],
      envFrom: [{ secretRef: { name: `${APP}-v2-env` } }],
      ports: [{ name: 'http', containerPort: 5000, protocol: 'TCP' }],
      resources: { limits: { memory: '512Mi', cpu: '500m' } },
      readinessProbe: {
        httpGet: { path: '/healthz', port: 5000 },
        periodSeconds: 5,
      },
      livenessProbe: { tcpSocket: { port: 5000 }, initialDelaySeconds: 10 },
    });
    // No healthcheck → no probe; no limits → no resources; no port for non-web processes.
    expect(container('worker').readinessProbe).toBeUndefined();
    expect(container('worker').livenessProbe).toBeUndefined();
    expect(container('worker').resources).toBeUndefined();
    expect(container('worker').ports).toBeUndefined();
    expect(deployment('worker').spec.replicas).toBe(1);

    const service = fake.get('v1', 'Service', APP, `${APP}-web`)!;
    expect(service.spec.selector).toEqual({
      'slipway.io/app': APP,
      'slipway.io/type': 'web',
    });
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 5000, protocol: 'TCP' },
    ]);

    const secret = fake.get('v1', 'Secret', APP, `${APP}-v2-env`)!;
    expect(secret.immutable).toBe(true);
    const decoded = Object.fromEntries(
      Object.entries(secret.data).map(([k, v]) => [
        k,
        Buffer.from(String(v), 'base64').toString(),
      ]),
    );
    // Values go into the Secret verbatim; nothing a user types becomes part of a command or a name.
    expect(decoded).toEqual(v2.config.values);

    // Every object Slipway wrote passes the Kubernetes OpenAPI schema.
    for (const object of fake.objectsIn(APP).filter(o => o.kind !== 'Pod'))
      expectValidManifest(object);
    const pods = fake.list('v1', 'Pod', APP);
    expect(
      pods.filter(p => p.metadata.labels['slipway.io/type'] === 'web'),
    ).toHaveLength(2);
  });

  it('runs an image without a Procfile as web with its own command', async () => {
    await runtime.createApp(APP, 'fake');
    const result = await runtime.apply(
      desiredState(APP, release(APP, { version: 2, image: 'nginx:1.27' }), {
        web: 1,
      }),
    );
    expect(result.status).toBe('ready');
    expect(container('web').command).toBeUndefined();
    expect(container('web').image).toBe('nginx:1.27');
  });

  it('makes no write when the same release is applied again', async () => {
    await deployV2();
    fake.resetRequests();
    const result = await runtime.apply(
      desiredState(APP, v2, { web: 2, worker: 1 }),
    );
    expect(result.status).toBe('unchanged');
    expect(result.drift).toBeUndefined();
    expect(result.upstream?.service?.name).toBe(`${APP}-web`);
    expect(fake.writes()).toEqual([]);
  });

  it('rolls out a config change with a new Secret and pod template', async () => {
    await deployV2();
    const v3 = release(APP, {
      ...v2Input(),
      version: 3,
      values: { ...v2.config.values, FEATURE: 'on' },
    });
    const result = await runtime.apply(
      desiredState(APP, v3, { web: 2, worker: 1 }, { previousRelease: v2 }),
    );
    expect(result.status).toBe('ready');
    expect(container('web').envFrom).toEqual([
      { secretRef: { name: `${APP}-v3-env` } },
    ]);
    expect(
      deployment('web').spec.template.metadata.labels['slipway.io/release'],
    ).toBe('v3');
    expect(fake.get('v1', 'Secret', APP, `${APP}-v3-env`)!.data.FEATURE).toBe(
      Buffer.from('on').toString('base64'),
    );
    // The previous release's Secret stays for rollbacks.
    expect(fake.get('v1', 'Secret', APP, `${APP}-v2-env`)).toBeDefined();
    // The new pods replaced the old ones.
    const webPods = fake
      .list('v1', 'Pod', APP)
      .filter(p => p.metadata.labels['slipway.io/type'] === 'web');
    expect(webPods.map(p => p.metadata.labels['slipway.io/release'])).toEqual([
      'v3',
      'v3',
    ]);
  });

  it('rolls back to the previous image and config', async () => {
    await deployV2();
    const v3 = release(APP, {
      ...v2Input(),
      version: 3,
      image: 'registry.example.test/shop:2.0',
      values: { DATABASE_URL: 'postgres://other' },
    });
    await runtime.apply(
      desiredState(APP, v3, { web: 2, worker: 1 }, { previousRelease: v2 }),
    );
    expect(container('web').image).toBe('registry.example.test/shop:2.0');

    const v4 = { ...v2, version: 4 }; // a rollback release: v2's build and config as v4
    const result = await runtime.apply(
      desiredState(APP, v4, { web: 2, worker: 1 }, { previousRelease: v3 }),
    );
    expect(result.status).toBe('ready');
    expect(container('web').image).toBe('registry.example.test/shop:1.0');
    expect(container('web').envFrom).toEqual([
      { secretRef: { name: `${APP}-v4-env` } },
    ]);
    expect(fake.get('v1', 'Secret', APP, `${APP}-v4-env`)!.data).toEqual(
      fake.get('v1', 'Secret', APP, `${APP}-v2-env`)!.data,
    );
  });

  it('scales with one request per changed process type', async () => {
    await deployV2();
    fake.resetRequests();
    const result = await runtime.apply(
      desiredState(APP, v2, { web: 4, worker: 1 }),
    );
    expect(result.status).toBe('ready');
    expect(fake.writes().map(w => `${w.method} ${w.path}`)).toEqual([
      `PATCH /apis/apps/v1/namespaces/${APP}/deployments/${APP}-web`,
    ]);
    expect(
      fake
        .list('v1', 'Pod', APP)
        .filter(p => p.metadata.labels['slipway.io/type'] === 'web'),
    ).toHaveLength(4);
    expect(result.drift).toBeUndefined();
  });

  it('removes the Deployment of a process type the new release no longer has', async () => {
    await deployV2();
    const v3 = release(APP, {
      ...v2Input(),
      version: 3,
      procfile: { web: 'node server.js' },
    });
    await runtime.apply(
      desiredState(APP, v3, { web: 2 }, { previousRelease: v2 }),
    );
    expect(
      fake.get('apps/v1', 'Deployment', APP, `${APP}-worker`),
    ).toBeUndefined();
    expect(
      fake
        .list('v1', 'Pod', APP)
        .every(p => p.metadata.labels['slipway.io/type'] === 'web'),
    ).toBe(true);
  });

  it('reports a rollout that does not become ready as failed and restores the previous release', async () => {
    await deployV2();
    const broken = release(APP, {
      ...v2Input(),
      version: 3,
      image: 'registry.example.test/shop:broken',
    });
    const desired = desiredState(
      APP,
      broken,
      { web: 2, worker: 1 },
      {
        previousRelease: v2,
        settings: { ...desiredState(APP, v2, {}).settings, deployTimeout: 1 },
      },
    );
    const result = await runtime.apply(desired);
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/not ready within 1s/);
    expect(result.reason).toMatch(/CrashLoopBackOff/);
    expect(result.reason).toMatch(/rolled back to v2/);
    expect(container('web').image).toBe('registry.example.test/shop:1.0');
    expect(deployment('web').metadata.labels['slipway.io/release']).toBe('v2');
    // The old pods kept serving (maxUnavailable 0) and the broken ones are gone once v2 is back.
    await waitFor(() =>
      fake
        .list('v1', 'Pod', APP)
        .every(p => p.spec.containers[0].image.endsWith(':1.0')),
    );
  });

  it('fixes drift and says what differed', async () => {
    await deployV2();
    fake.mutate('apps/v1', 'Deployment', APP, `${APP}-web`, d => {
      d.spec.replicas = 7; // someone ran kubectl scale
    });
    const result = await runtime.apply(
      desiredState(APP, v2, { web: 2, worker: 1 }),
    );
    expect(result.drift).toEqual([
      `Deployment ${APP}-web: spec.replicas: 7 (expected 2)`,
    ]);
    expect(deployment('web').spec.replicas).toBe(2);
    const again = await runtime.apply(
      desiredState(APP, v2, { web: 2, worker: 1 }),
    );
    expect(again).toMatchObject({ status: 'unchanged' });
    expect(again.drift).toBeUndefined();
  });

  it('recreates objects someone deleted and reports them as drift', async () => {
    await deployV2();
    fake.destroy('apps/v1', 'Deployment', APP, `${APP}-worker`);
    fake.destroy('v1', 'Service', APP, `${APP}-web`);
    const result = await runtime.apply(
      desiredState(APP, v2, { web: 2, worker: 1 }),
    );
    expect(result.drift).toEqual([
      `Deployment ${APP}-worker: missing (recreated)`,
      `Service ${APP}-web: missing (recreated)`,
    ]);
    expect(result.status).toBe('ready');
    expect(deployment('worker').spec.replicas).toBe(1);
    expect(fake.get('v1', 'Service', APP, `${APP}-web`)).toBeDefined();
  });

  it('keeps the env Secrets of the last 10 releases', async () => {
    await runtime.createApp(APP, 'fake');
    let previous;
    for (let version = 2; version <= 14; version++) {
      const r = release(APP, {
        version,
        image: 'nginx:1.27',
        values: { N: String(version) },
      });
      await runtime.apply(
        desiredState(APP, r, { web: 1 }, { previousRelease: previous }),
      );
      previous = r;
    }
    const names = fake
      .list('v1', 'Secret', APP)
      .map(s => s.metadata.name)
      .sort();
    expect(names).toEqual(
      [5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map(v => `${APP}-v${v}-env`).sort(),
    );
  });

  it('restarts by rolling the pods without fighting the next apply', async () => {
    await deployV2();
    const before = fake
      .list('v1', 'Pod', APP)
      .filter(p => p.metadata.labels['slipway.io/type'] === 'web')
      .map(p => p.metadata.name);
    await runtime.restart(APP, 'fake', { type: 'web' });
    expect(
      deployment('web').spec.template.metadata.annotations[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toBeDefined();
    await waitFor(() => {
      const now = fake
        .list('v1', 'Pod', APP)
        .filter(p => p.metadata.labels['slipway.io/type'] === 'web');
      return (
        now.length === 2 &&
        now.every(
          p =>
            !before.includes(p.metadata.name) && p.status.phase === 'Running',
        )
      );
    });
    fake.resetRequests();
    const result = await runtime.apply(
      desiredState(APP, v2, { web: 2, worker: 1 }),
    );
    expect(result.status).toBe('unchanged');
    expect(fake.writes()).toEqual([]);
    await expect(
      runtime.restart(APP, 'fake', { type: 'clock' }),
    ).rejects.toThrow(/no process type "clock"/);
  });

  it('restarts one process by name and refuses names of other apps', async () => {
    await deployV2();
    const [pod] = fake.list('v1', 'Pod', APP);
    await runtime.restart(APP, 'fake', { name: pod.metadata.name });
    expect(fake.get('v1', 'Pod', APP, pod.metadata.name)).toBeUndefined();
    await expect(
      runtime.restart(APP, 'fake', { name: '../../etc' }),
    ).rejects.toThrow(/No process/);
  });

  it('lists processes with their state, restarts and release', async () => {
    await deployV2();
    const processes = await runtime.processes(APP, 'fake');
    expect(
      processes.map(p => [p.type, p.state, p.release, p.restarts]),
    ).toEqual([
      ['web', 'up', 2, 0],
      ['web', 'up', 2, 0],
      ['worker', 'up', 2, 0],
    ]);
    expect(processes[0].name).toMatch(new RegExp(`^${APP}-web-`));
    expect(processes[0].startedAt).toMatch(/^\d{4}-/);
  });

  it('runs a one-off command as a Job and returns its output and exit code', async () => {
    await deployV2();
    const ok = await runtime.run(
      desiredState(APP, v2, { web: 2, worker: 1 }),
      'echo db=$DATABASE_URL port=$PORT',
    );
    expect(ok).toEqual({
      exitCode: 0,
      output: 'db=postgres://db/shop port=5000\n',
    });
    const failed = await runtime.run(
      desiredState(APP, v2, { web: 2, worker: 1 }),
      'echo migrating; exit 3',
    );
    expect(failed).toEqual({ exitCode: 3, output: 'migrating\n' });
    // The Jobs and their pods are removed afterwards.
    expect(fake.list('batch/v1', 'Job', APP)).toEqual([]);
    expect(
      fake
        .list('v1', 'Pod', APP)
        .filter(p => p.metadata.labels['slipway.io/role'] === 'run'),
    ).toEqual([]);
    await expect(
      runtime.run(desiredState(APP, undefined, {}), 'echo'),
    ).rejects.toThrow(InputError);
  });

  it('reads logs across pods and follows them', async () => {
    await deployV2();
    const lines = [];
    for await (const line of runtime.logs(APP, 'fake', { lines: 50 }))
      lines.push(line);
    expect(lines).toHaveLength(3);
    expect(lines.map(l => l.source.split('.')[0]).sort()).toEqual([
      'web',
      'web',
      'worker',
    ]);
    expect(lines[0].line).toMatch(
      /Starting process with command `\/bin\/sh -c node/,
    );

    const controller = new AbortController();
    const followed: string[] = [];
    const worker = fake
      .list('v1', 'Pod', APP)
      .find(p => p.metadata.labels['slipway.io/type'] === 'worker')!;
    const appendLater = () =>
      setTimeout(
        () => fake.appendLog(APP, worker.metadata.name, 'job 42 done'),
        50,
      );
    const stream = runtime.logs(APP, 'fake', {
      type: 'worker',
      follow: true,
      lines: 1,
      signal: controller.signal,
    });
    for await (const line of stream) {
      followed.push(`${line.source} ${line.line}`);
      if (followed.length === 1) appendLater();
      if (line.line === 'job 42 done') controller.abort();
    }
    const source = `worker.${worker.metadata.name.slice(
      `${APP}-worker-`.length,
    )}`;
    expect(followed).toEqual([
      `${source} Starting process with command \`/bin/sh -c node worker.js\``,
      `${source} job 42 done`,
    ]);
  });

  it('follows the logs of pods that start while following', async () => {
    await deployV2();
    const controller = new AbortController();
    const seen: string[] = [];
    const stream = runtime.logs(APP, 'fake', {
      type: 'web',
      follow: true,
      lines: 10,
      signal: controller.signal,
    });
    const scaleUp = () =>
      runtime.apply(desiredState(APP, v2, { web: 3, worker: 1 }));
    let scaling: Promise<unknown> | undefined;
    for await (const line of stream) {
      seen.push(line.source);
      scaling ??= scaleUp();
      if (new Set(seen).size === 3) controller.abort();
    }
    await scaling;
    // The third web pod started after following began; its first line still arrived.
    expect(new Set(seen).size).toBe(3);
  });

  it('deletes everything the app owns', async () => {
    await deployV2();
    await runtime.deleteApp(APP, 'fake');
    expect(fake.get('v1', 'Namespace', undefined, APP)).toBeUndefined();
    expect(fake.objectsIn(APP)).toEqual([]);
    await runtime.deleteApp(APP, 'fake'); // idempotent
  });

  it('retries transient API errors and reports the ones that persist', async () => {
    await runtime.createApp(APP, 'fake');
    fake.failNext({ method: 'PATCH', path: /deployments/ }, 503, 2);
    fake.failNext({ method: 'GET', path: /secrets/ }, 429, 1, {
      'retry-after': '0',
    });
    expect(
      (await runtime.apply(desiredState(APP, v2, { web: 1, worker: 0 })))
        .status,
    ).toBe('ready');

    fake.failNext({ method: 'PATCH', path: /deployments/ }, 500, 3);
    const v3 = release(APP, {
      ...v2Input(),
      version: 3,
      image: 'registry.example.test/shop:3.0',
    });
    await expect(
      runtime.apply(desiredState(APP, v3, { web: 1, worker: 0 })),
    ).rejects.toThrow(
      /Kubernetes: APPLY Deployment shop\/shop-web failed after 3 attempts: 500 injected failure 500/,
    );
    fake.failNext({ method: 'PATCH', path: /deployments/ }, 403, 1);
    await expect(
      runtime.apply(desiredState(APP, v3, { web: 1, worker: 0 })),
    ).rejects.toThrow(/APPLY Deployment shop\/shop-web failed: 403/);
  });

  it('retries a request that times out', async () => {
    const impatient = createKubernetesRuntime(
      fakePlatformDeps(fake, {
        kubernetes: {
          retry: { attempts: 3, baseDelayMs: 5, requestTimeoutMs: 300 },
        },
      }),
    );
    await impatient.createApp(APP, 'fake');
    fake.stallNext({ method: 'PATCH', path: /deployments/ }, 1);
    const result = await impatient.apply(
      desiredState(APP, v2, { web: 1, worker: 0 }),
    );
    expect(result.status).toBe('ready');
    fake.stallNext({ method: 'GET', path: /services/ }, 3);
    await expect(
      impatient.apply(desiredState(APP, v2, { web: 1, worker: 0 })),
    ).rejects.toThrow(
      'Kubernetes: GET Service shop/shop-web failed after 3 attempts: timed out after 300 ms',
    );
  });

  it('creates and references an image pull Secret when a registry is configured', async () => {
    const withRegistry = createKubernetesRuntime(
      fakePlatformDeps(fake, {
        kubernetes: {
          registry: {
            server: 'registry.example.test',
            username: 'bot',
            password: 's3cret',
          },
        },
      }),
    );
    await withRegistry.createApp(APP, 'fake');
    await withRegistry.apply(desiredState(APP, v2, { web: 1, worker: 0 }));
    const secret = fake.get('v1', 'Secret', APP, 'slipway-registry')!;
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(
      Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString(),
    );
    expect(config.auths['registry.example.test'].username).toBe('bot');
    expect(deployment('web').spec.template.spec.imagePullSecrets).toEqual([
      { name: 'slipway-registry' },
    ]);
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
      fake.resetRequests();
      await expect(
        runtime.apply(
          desiredState(app, release(app, { version: 2, image: 'nginx' }), {
            web: 1,
          }),
        ),
      ).rejects.toThrow(InputError);
      await expect(runtime.createApp(app, 'fake')).rejects.toThrow(InputError);
      await expect(runtime.deleteApp(app, 'fake')).rejects.toThrow(InputError);
      expect(fake.requests).toEqual([]);
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
      await runtime.createApp(APP, 'fake');
      fake.resetRequests();
      const bad = release(APP, { version: 2, image: 'nginx:1.27', ...input });
      const result = await runtime.apply(desiredState(APP, bad, { web: 1 }));
      expect(result.status).toBe('failed');
      expect(result.reason).toBeTruthy();
      expect(fake.writes()).toEqual([]);
    });

    it('a structure with an invalid process type', async () => {
      await runtime.createApp(APP, 'fake');
      fake.resetRequests();
      const result = await runtime.apply(
        desiredState(APP, v2, { 'web,slipway.io/app!=x': 1 }),
      );
      expect(result.status).toBe('failed');
      expect(fake.writes()).toEqual([]);
    });

    it('an unknown cluster', async () => {
      await expect(runtime.createApp(APP, 'mars')).rejects.toThrow(
        'Unknown Kubernetes cluster "mars"; configured clusters (slipway.kubernetes.clusters): fake',
      );
    });
  });
});

function v2Input() {
  return {
    image: 'registry.example.test/shop:1.0',
    procfile: { web: 'node server.js', worker: 'node worker.js' },
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
