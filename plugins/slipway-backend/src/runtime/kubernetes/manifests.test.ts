import { DEFAULT_POD_SETTINGS } from '../../kubernetes/podSettings';
import {
  deploymentManifest,
  envSecretManifest,
  runJobManifest,
  serviceManifest,
} from './manifests';
import {
  namespaceManifest,
  registrySecretManifest,
} from '../../kubernetes/manifests';
import { desiredState, release } from './__testUtils__/fakeCluster';
import { manifestProblems } from './__testUtils__/schemas';

const rich = release('shop', {
  version: 7,
  image:
    'registry.example.test/team/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  procfile: {
    web: 'bundle exec puma -p $PORT',
    worker: 'bundle exec sidekiq',
    clock: '',
  },
  values: {
    PORT: '8080',
    RAILS_ENV: 'production',
    'WEIRD_"KEY': 'ignored by validation upstream',
  },
  limits: { web: { memory: '1Gi', cpu: '1.5' }, worker: { memory: '256Mi' } },
  tags: { 'node.kubernetes.io/instance-type': 'm5.large', pool: 'apps' },
  healthchecks: {
    web: {
      readiness: {
        type: 'http',
        path: '/up?full=1',
        port: 8080,
        timeoutSeconds: 3,
      },
      liveness: { type: 'exec', command: ['cat', '/tmp/alive'] },
    },
    worker: { liveness: { type: 'tcp', port: 7433 } },
  },
});
const desired = desiredState('shop', rich, { web: 3, worker: 2, clock: 1 });
const options = {
  deployTimeout: 120,
  imagePullSecret: 'slipway-registry',
  runAsNonRoot: true,
  pods: DEFAULT_POD_SETTINGS,
};

describe('manifests', () => {
  it('are valid against the Kubernetes OpenAPI schemas', () => {
    const { 'WEIRD_"KEY': _dropped, ...values } = rich.config.values;
    const valid = { ...rich, config: { ...rich.config, values } };
    for (const object of [
      namespaceManifest('shop'),
      envSecretManifest('shop', valid),
      registrySecretManifest('shop', 'slipway-registry', {
        server: 'r.example.test',
        username: 'u',
        password: 'p',
      }),
      ...['web', 'worker', 'clock'].map(type =>
        deploymentManifest(desired, rich, type, options),
      ),
      serviceManifest('shop', 8080),
      runJobManifest(
        'shop',
        rich,
        'rake db:migrate && echo "done; $(id)"',
        'shop-run-0a1b2c3d',
        { ...options, runTimeout: 600 },
      ),
    ]) {
      expect(manifestProblems(object)).toEqual([]);
    }
  });

  it('labels a release phase Job apart from one-off runs, so that it can be stopped alone', () => {
    const labelsOf = (releasePhase?: boolean) =>
      runJobManifest('shop', rich, 'migrate', 'shop-run-0a1b2c3d', {
        ...options,
        runTimeout: 600,
        releasePhase,
      }).spec!.template.metadata!.labels;
    expect(labelsOf(true)).toMatchObject({
      'slipway.io/role': 'run',
      'slipway.io/release': 'v7',
      'slipway.io/phase': 'release',
    });
    expect(labelsOf()).not.toHaveProperty(['slipway.io/phase']);
  });

  it('place every pod with the platform’s node selector and tolerations, the app’s tags added', () => {
    const pods = {
      ...DEFAULT_POD_SETTINGS,
      nodeSelector: { pool: 'apps' },
      tolerations: [
        {
          key: 'dedicated',
          operator: 'Equal',
          value: 'apps',
          effect: 'NoSchedule',
        },
      ],
    };
    const placed = { ...options, pods };
    for (const pod of [
      deploymentManifest(desired, rich, 'web', placed).spec!.template.spec!,
      runJobManifest('shop', rich, 'true', 'shop-run-0a1b2c3d', {
        ...placed,
        runTimeout: 600,
      }).spec!.template.spec!,
    ]) {
      expect(pod.nodeSelector).toEqual({
        'node.kubernetes.io/instance-type': 'm5.large',
        pool: 'apps',
      });
      expect(pod.tolerations).toEqual(pods.tolerations);
    }
  });

  it('are the same bytes for the same input', () => {
    const once = JSON.stringify(
      ['web', 'worker', 'clock'].map(type =>
        deploymentManifest(desired, rich, type, options),
      ),
    );
    const again = JSON.stringify(
      ['web', 'worker', 'clock'].map(type =>
        deploymentManifest(
          structuredClone(desired),
          structuredClone(rich),
          type,
          options,
        ),
      ),
    );
    expect(again).toBe(once);
  });

  it('use the config PORT, keep commands as one shell argument and leave the image command alone', () => {
    const web = deploymentManifest(desired, rich, 'web', options).spec!.template
      .spec!.containers[0];
    expect(web.env).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'HOME', value: '/home/slipway' },
    ]);
    expect(web.ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
    ]);
    expect(web.command).toEqual(['/bin/sh', '-c', 'bundle exec puma -p $PORT']);
    expect(web.resources).toEqual({ limits: { memory: '1Gi', cpu: '1.5' } });
    expect(web.livenessProbe).toEqual({
      exec: { command: ['cat', '/tmp/alive'] },
    });
    const clock = deploymentManifest(desired, rich, 'clock', options).spec!
      .template.spec!.containers[0];
    expect(clock.command).toBeUndefined();
    expect(clock.ports).toBeUndefined();
    const job = runJobManifest(
      'shop',
      rich,
      'echo "$(id)"; exit 1',
      'shop-run-1',
      { ...options, runTimeout: 60 },
    );
    expect(job.spec!.template.spec!.containers[0].command).toEqual([
      '/bin/sh',
      '-c',
      'echo "$(id)"; exit 1',
    ]);
    expect(job.spec!.backoffLimit).toBe(0);
    expect(job.spec!.activeDeadlineSeconds).toBe(60);
  });

  it('refuse a config key that could not be an environment variable', () => {
    expect(() => envSecretManifest('shop', rich)).toThrow(
      /Config key "WEIRD_"KEY"/,
    );
  });
});

describe('a slug of the local builder', () => {
  const slug = release('shop', {
    version: 3,
    image: `slug:${'ab'.repeat(32)}`,
    procfile: { web: 'node server.js' },
  });

  it('never becomes a Deployment or a Job, and the error points at slipway.builder', () => {
    expect(() =>
      deploymentManifest(
        desiredState('shop', slug, { web: 1 }),
        slug,
        'web',
        options,
      ),
    ).toThrow(/local builder.*set slipway.builder to kubernetes/);
    expect(() =>
      runJobManifest('shop', slug, 'echo', 'shop-run-1', {
        ...options,
        runTimeout: 60,
      }),
    ).toThrow(/slipway.builder/);
  });
});
