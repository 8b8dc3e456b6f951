import { createKubernetesRuntime } from '../../runtime/kubernetes/createKubernetesRuntime';
import { FakeKubernetesApi } from '../../runtime/kubernetes/__testUtils__/FakeKubernetesApi';
import { fakePlatformDeps } from '../../runtime/kubernetes/__testUtils__/fakeCluster';
import {
  kubernetesRoute,
  pemTls,
} from '../../runtime/kubernetes/__testUtils__/routes';
import { expectValidManifest } from '../../runtime/kubernetes/__testUtils__/schemas';
import { createGatewayRouter } from './createGatewayRouter';

jest.setTimeout(30_000);

const GATEWAY = { name: 'public', namespace: 'gateways' };

describe('gateway router against the fake Kubernetes API', () => {
  let fake: FakeKubernetesApi;

  beforeEach(async () => {
    fake = await FakeKubernetesApi.start();
    const runtime = createKubernetesRuntime(fakePlatformDeps(fake));
    for (const app of ['shop', 'blog']) await runtime.createApp(app, 'fake');
  });
  afterEach(() => fake.close());

  const router = (more: Record<string, unknown> = {}) =>
    createGatewayRouter(
      fakePlatformDeps(fake, {
        kubernetes: { gateway: { ...GATEWAY, ...more } },
      }),
    );
  const routeOf = (app: string, name = app) =>
    fake.get('gateway.networking.k8s.io/v1', 'HTTPRoute', app, name)!;
  const routerObjects = () =>
    ['shop', 'blog']
      .flatMap(ns => fake.objectsIn(ns))
      .filter(o => o.metadata.labels?.['slipway.io/router']);

  it('attaches an HTTPRoute per app to the configured Gateway', async () => {
    const cert = pemTls('shop-com');
    const result = await router().apply([
      kubernetesRoute('shop', {
        hosts: [
          { host: 'shop.apps.example.test' },
          { host: '*.shop.com', tls: cert },
        ],
        hsts: {
          enabled: true,
          maxAge: 300,
          includeSubdomains: false,
          preload: false,
        },
        readTimeout: 100,
      }),
    ]);
    expect(result).toEqual({ changed: true, rejected: [] });
    const route = routeOf('shop');
    expect(route.metadata.labels).toMatchObject({
      'slipway.io/app': 'shop',
      'backstage.io/kubernetes-id': 'shop',
    });
    expect(route.spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'public',
        namespace: 'gateways',
      },
    ]);
    expect(route.spec.hostnames).toEqual([
      'shop.apps.example.test',
      '*.shop.com',
    ]);
    expect(route.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [
          {
            type: 'ResponseHeaderModifier',
            responseHeaderModifier: {
              set: [
                { name: 'Strict-Transport-Security', value: 'max-age=300' },
              ],
            },
          },
        ],
        backendRefs: [
          { group: '', kind: 'Service', name: 'shop-web', port: 80 },
        ],
        timeouts: { request: '190s', backendRequest: '100s' },
      },
    ]);
    // The certificate is kept as a TLS Secret in the app namespace for the Gateway's listener.
    const secrets = routerObjects().filter(o => o.kind === 'Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0].type).toBe('kubernetes.io/tls');
    for (const object of routerObjects()) expectValidManifest(object);
  });

  it('serves https-only apps on the https listener and redirects on the http one', async () => {
    await router({ httpListener: 'http', httpsListener: 'https' }).apply([
      kubernetesRoute('shop', { httpsOnly: true }),
    ]);
    expect(routeOf('shop').spec.parentRefs[0].sectionName).toBe('https');
    const redirect = routeOf('shop', 'shop-https-redirect');
    expect(redirect.spec.parentRefs[0].sectionName).toBe('http');
    expect(redirect.spec.rules).toEqual([
      {
        filters: [
          {
            type: 'RequestRedirect',
            requestRedirect: { scheme: 'https', statusCode: 301 },
          },
        ],
      },
    ]);
    for (const object of routerObjects()) expectValidManifest(object);

    await router({ httpListener: 'http', httpsListener: 'https' }).apply([
      kubernetesRoute('shop'),
    ]);
    expect(
      fake.get(
        'gateway.networking.k8s.io/v1',
        'HTTPRoute',
        'shop',
        'shop-https-redirect',
      ),
    ).toBeUndefined();
  });

  it('refuses what an HTTPRoute cannot enforce instead of exposing the app', async () => {
    const result = await router().apply([
      kubernetesRoute('blog'),
      kubernetesRoute('shop', { allowlist: ['10.0.0.0/8'] }),
    ]);
    expect(result.rejected).toEqual([
      {
        app: 'shop',
        reason: expect.stringMatching(/allowlist cannot be enforced/),
      },
    ]);
    expect(
      fake.get('gateway.networking.k8s.io/v1', 'HTTPRoute', 'shop', 'shop'),
    ).toBeUndefined();
    expect(routeOf('blog')).toBeDefined();

    const httpsOnly = await router().apply([
      kubernetesRoute('shop', { httpsOnly: true }),
    ]);
    expect(httpsOnly.rejected[0].reason).toMatch(
      /httpListener and httpsListener/,
    );
  });

  it('routes to a 503 backend during maintenance', async () => {
    await router().apply([kubernetesRoute('shop', { maintenance: true })]);
    expect(routeOf('shop').spec.rules[0].backendRefs).toEqual([
      { group: '', kind: 'Service', name: 'shop-maintenance', port: 80 },
    ]);
    expect(
      fake.get('v1', 'Service', 'shop', 'shop-maintenance')!.spec.selector,
    ).toBeUndefined();
  });

  it('does nothing when nothing changed and removes routes that are gone', async () => {
    const table = [
      kubernetesRoute('blog'),
      kubernetesRoute('shop', {
        hosts: [{ host: 'shop.com', tls: pemTls('x') }],
      }),
    ];
    const r = router();
    await r.apply(table);
    fake.resetRequests();
    expect(await r.apply(structuredClone(table))).toEqual({
      changed: false,
      rejected: [],
    });
    expect(fake.writes()).toEqual([]);

    expect(await r.apply([kubernetesRoute('blog')])).toEqual({
      changed: true,
      rejected: [],
    });
    expect(
      routerObjects().map(
        o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
      ),
    ).toEqual(['HTTPRoute blog/blog']);
  });
});
