import { KubeConfig, Log } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { readAsAdmin } from '../../kubernetes/__testUtils__/realConnection';
import { describeWithRealNode } from '../../kubernetes/__testUtils__/realNode';
import { slipwayOnRealNode } from './__testUtils__/slipwayOnRealNode';

jest.setTimeout(180_000);

/**
 * Slipway's Kubernetes runtime on the real node of ../shared/k8s (kubelet, containerd, runc): apps are deployed
 * through the REST API as images built by image.sh, placed on the node by `slipway.kubernetes.pods`, and checked
 * from outside through their pods' own addresses. See docs/kubernetes.md, "How this is tested".
 */
describeWithRealNode('Slipway apps on a real node', () => {
  const {
    image,
    appName,
    api,
    eventually,
    settled,
    readyPods,
    answer,
    servesGreeting,
    deployServing,
  } = slipwayOnRealNode('rn');

  it('deploys an image whose pods answer as non-root; config, scale and rollback reach the running processes', async () => {
    const app = appName('web');
    await deployServing(app);
    const [pod] = await readyPods(app);
    // Non-root with a read-only root file system, and a writable /tmp and HOME.
    expect(await answer(pod)).toEqual({
      greeting: 'hello',
      uid: 1000,
      home: '/home/slipway',
      tmpWritable: true,
      homeWritable: true,
      rootWritable: false,
    });
    expect(
      (await readAsAdmin('v1', 'Namespace', undefined, app)).metadata.labels[
        'pod-security.kubernetes.io/enforce'
      ],
    ).toBe('restricted');

    await api
      .patch(`/apps/${app}/config`, { values: { GREETING: 'bonjour' } })
      .expect(201);
    expect(await settled(app, 4)).toMatchObject({ status: 'succeeded' });
    await servesGreeting(app, 'bonjour');

    await api.post(`/apps/${app}/scale`, { web: 3 }).expect(200);
    await servesGreeting(app, 'bonjour', 3);
    await api.post(`/apps/${app}/scale`, { web: 1 }).expect(200);
    await servesGreeting(app, 'bonjour', 1);

    await api.post(`/apps/${app}/releases/rollback`, {}).expect(201);
    expect(await settled(app, 5)).toMatchObject({ status: 'succeeded' });
    await servesGreeting(app, 'hello');
  });

  it('fails a release whose process exits at start with its exit code and last lines, and the previous release keeps serving', async () => {
    const app = appName('exit');
    await deployServing(app);
    await api
      .patch(`/apps/${app}/config`, {
        values: { MODE: 'exit', DATABASE_URL: 'postgres://db.internal/shop' },
      })
      .expect(201);
    const failed = await settled(app, 4);
    expect(failed.status).toBe('failed');
    // Failed by its crash loop within a few restarts, not at the 120 s rollout deadline.
    expect(failed.reason).toMatch(/^Release v4 crashed: web: exited \(Error\)/);
    expect(failed.reason).toContain('exit code 3');
    expect(failed.reason).toContain(
      'cannot connect to postgres://db.internal/shop',
    );
    expect(failed.reason).toContain('rolled back to v3');
    await servesGreeting(app, 'hello');
    const events = (await api.get(`/apps/${app}/events`)).body;
    expect(JSON.stringify(events)).toContain('exit code 3');
  });

  it('fails a rollout whose readiness check never passes at its deadline, and the previous release keeps serving', async () => {
    const app = appName('unready');
    await deployServing(app);
    await api.patch(`/apps/${app}/settings`, { deployTimeout: 10 }).expect(200);
    await api
      .patch(`/apps/${app}/config`, {
        values: { MODE: 'unhealthy' },
        healthchecks: {
          web: {
            readiness: { type: 'http', path: '/healthz', periodSeconds: 1 },
          },
        },
      })
      .expect(201);
    const failed = await settled(app, 4);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/Rollout not ready within 10s/);
    expect(failed.reason).toContain('0 of 1 pods of v4 ready');
    await servesGreeting(app, 'hello');
  });

  it('reports an OOM kill with the memory limit, in the release, the processes and the events', async () => {
    const app = appName('oom');
    await deployServing(app);
    await api
      .patch(`/apps/${app}/config`, {
        values: { MODE: 'oom' },
        limits: { web: { memory: '32Mi' } },
      })
      .expect(201);
    const failed = await settled(app, 4);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toContain('OOMKilled (memory limit 32Mi');
    await servesGreeting(app, 'hello');
    const events = (await api.get(`/apps/${app}/events`)).body;
    expect(JSON.stringify(events)).toContain('OOMKilled');
  });

  it('shows a running process that is OOM killed in the processes, and its previous log', async () => {
    const app = appName('hog');
    await api.post('/apps', { name: app }).expect(201);
    await api
      .patch(`/apps/${app}/config`, {
        values: { MODE: 'oom' },
        limits: { worker: { memory: '32Mi' } },
      })
      .expect(201);
    await api
      .post(`/apps/${app}/builds`, {
        image: image(),
        procfile: { worker: 'node /app/server.js' },
      })
      .expect(201);
    await api.post(`/apps/${app}/scale`, { worker: 1 }).expect(200);
    await eventually(async () => {
      const processes = (await api.get(`/apps/${app}/processes`)).body;
      expect(processes[0]).toMatchObject({ type: 'worker' });
      expect(processes[0].restarts).toBeGreaterThan(0);
      expect(processes[0].message).toContain('OOMKilled');
    });
    // Between restarts the kubelet may already have removed the previous container (it keeps one dead
    // container per pod) and answers `unable to retrieve container logs`: the next crash has one again.
    await eventually(async () => {
      const logs = await api.get(`/apps/${app}/logs?previous=true&lines=20`);
      expect(logs.status).toBe(200);
      expect(logs.text).toContain('starting in mode oom as uid 1000');
    });
  });

  it('runs a one-off command and the release phase as real Jobs, with their real output and exit code', async () => {
    const app = appName('run');
    await deployServing(app, {
      web: 'node /app/server.js',
      release: 'node /app/release.js',
    });
    const releaseEvents = JSON.stringify(
      (await api.get(`/apps/${app}/events`)).body,
    );
    expect(releaseEvents).not.toContain('release command failed');

    const run = await api.post(`/apps/${app}/run`, {
      command: 'echo "from $GREETING"; id -u; exit 4',
    });
    expect(run.status).toBe(200);
    expect(run.body).toEqual({ exitCode: 4, output: 'from hello\n1000\n' });

    await api
      .patch(`/apps/${app}/config`, { values: { RELEASE_EXIT: '5' } })
      .expect(201);
    const failed = await settled(app, 4);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toContain('exit code 5');
    expect(failed.reason).toContain('release phase ran as uid 1000');
    await servesGreeting(app, 'hello');
  });

  it('passes an exec health check', async () => {
    const app = appName('exec');
    await api.post('/apps', { name: app }).expect(201);
    await api
      .patch(`/apps/${app}/config`, {
        values: { GREETING: 'checked' },
        healthchecks: {
          web: {
            readiness: {
              type: 'exec',
              command: [
                'wget',
                '-q',
                '-O',
                '-',
                'http://127.0.0.1:5000/healthz',
              ],
              periodSeconds: 1,
            },
          },
        },
      })
      .expect(201);
    await api
      .post(`/apps/${app}/builds`, {
        image: image(),
        procfile: { web: 'node /app/server.js' },
      })
      .expect(201);
    expect(await settled(app, 3)).toMatchObject({ status: 'succeeded' });
    const [pod] = await servesGreeting(app, 'checked');
    expect(pod.spec.containers[0].readinessProbe.exec.command[0]).toBe('wget');
  });

  it('stops a process with SIGTERM and waits for it to finish; deleting the app leaves nothing on the node', async () => {
    const app = appName('stop');
    await deployServing(app);
    const [pod] = await readyPods(app);
    const log = new PassThrough();
    let text = '';
    log.on('data', chunk => {
      text += chunk.toString();
    });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(process.env.SLIPWAY_TEST_KUBECONFIG!);
    const following = await new Log(kubeConfig).log(
      app,
      pod.metadata.name,
      'web',
      log,
      { follow: true },
    );
    try {
      await api.post(`/apps/${app}/scale`, { web: 0 }).expect(200);
      await eventually(() => expect(text).toContain('drained, bye'));
      expect(text).toContain('got SIGTERM, draining');
    } finally {
      following.abort();
    }

    await api.post(`/apps/${app}/scale`, { web: 1 }).expect(200);
    await servesGreeting(app, 'hello');
    expect(nodeContainers(app).length).toBeGreaterThan(0);
    await api.delete(`/apps/${app}`).expect(204);
    // The pods go with the namespace at once; the kubelet's garbage collection removes their exited containers
    // and sandboxes from containerd within about a minute.
    await eventually(async () => {
      expect(await readAsAdmin('v1', 'Namespace', undefined, app)).toBe(
        undefined,
      );
      expect(nodeContainers(app)).toEqual([]);
    }, 150_000);
  }, 300_000);
});

/** Containers of an app's namespace that containerd on the node still has (running or not). */
function nodeContainers(namespace: string): string[] {
  const out = execFileSync(
    'ctr',
    [
      '--address',
      '/run/containerd/containerd.sock',
      '--namespace',
      'k8s.io',
      'containers',
      'list',
      `labels."io.kubernetes.pod.namespace"==${namespace}`,
    ],
    { encoding: 'utf8' },
  );
  return out
    .split('\n')
    .slice(1)
    .filter(line => line.trim() !== '');
}
