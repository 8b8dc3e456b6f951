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
const options = { deployTimeout: 120, imagePullSecret: 'slipway-registry' };

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
    expect(web.env).toEqual([{ name: 'PORT', value: '8080' }]);
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
