import { KubernetesRuntime } from './KubernetesRuntime';
import { createKubernetesRuntime } from './createKubernetesRuntime';
import { FakeKubernetesApi } from './__testUtils__/FakeKubernetesApi';
import {
  desiredState,
  fakePlatformDeps,
  release,
} from './__testUtils__/fakeCluster';

jest.setTimeout(30_000);

const APP = 'shop';

/**
 * Faults the real API server cannot be made to produce on demand (5xx, 429 with Retry-After, 403 on one
 * request, a request that never answers), injected by the fake API. Everything else runs against the real
 * server in KubernetesRuntime.test.ts.
 */
describe('KubernetesRuntime with injected API faults', () => {
  let fake: FakeKubernetesApi;
  let runtime: KubernetesRuntime;

  beforeEach(async () => {
    fake = await FakeKubernetesApi.start();
    runtime = createKubernetesRuntime(
      fakePlatformDeps(fake),
    ) as KubernetesRuntime;
  });
  afterEach(() => fake.close());

  const procfile = { web: 'node server.js', worker: 'node worker.js' };
  const v2 = release(APP, {
    version: 2,
    image: 'registry.example.test/shop:1.0',
    procfile,
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
      version: 3,
      image: 'registry.example.test/shop:3.0',
      procfile,
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

  it('retries a conflict (409) on apply', async () => {
    await runtime.createApp(APP, 'fake');
    fake.failNext({ method: 'PATCH', path: /services/ }, 409, 2);
    expect(
      (await runtime.apply(desiredState(APP, v2, { web: 1, worker: 0 })))
        .status,
    ).toBe('ready');
  });
});
