import { createKubernetesRuntime } from '../../runtime/kubernetes/createKubernetesRuntime';
import { FakeKubernetesApi } from '../../runtime/kubernetes/__testUtils__/FakeKubernetesApi';
import { fakePlatformDeps } from '../../runtime/kubernetes/__testUtils__/fakeCluster';
import {
  kubernetesRoute,
  pemTls,
} from '../../runtime/kubernetes/__testUtils__/routes';
import { expectValidManifest } from '../../runtime/kubernetes/__testUtils__/schemas';
import { createIngressRouter } from './createIngressRouter';

jest.setTimeout(30_000);

const NGINX = 'nginx.ingress.kubernetes.io';

describe('ingress router against the fake Kubernetes API', () => {
  let fake: FakeKubernetesApi;

  beforeEach(async () => {
    fake = await FakeKubernetesApi.start();
    const runtime = createKubernetesRuntime(fakePlatformDeps(fake));
    for (const app of ['shop', 'blog', 'wiki'])
      await runtime.createApp(app, 'fake');
  });
  afterEach(() => fake.close());

  const router = (ingress: Record<string, unknown> = {}) =>
    createIngressRouter(fakePlatformDeps(fake, { kubernetes: { ingress } }));
  const ingressOf = (app: string) =>
    fake.get('networking.k8s.io/v1', 'Ingress', app, app)!;
  const routerObjects = () =>
    ['shop', 'blog', 'wiki']
      .flatMap(ns => fake.objectsIn(ns))
      .filter(o => o.metadata.labels?.['slipway.io/router']);

  it('routes the default host and custom domains to the web Service, with TLS Secrets', async () => {
    const shopCert = pemTls('shop-com');
    const result = await router({ className: 'public' }).apply([
      kubernetesRoute('shop', {
        hosts: [
          { host: 'shop.apps.example.test' },
          { host: 'shop.com', tls: shopCert },
          { host: 'www.shop.com', tls: shopCert },
        ],
      }),
    ]);
    expect(result).toEqual({ changed: true, rejected: [] });

    const ingress = ingressOf('shop');
    expect(ingress.metadata.labels).toMatchObject({
      'slipway.io/app': 'shop',
      'backstage.io/kubernetes-id': 'shop',
    });
    expect(ingress.spec.ingressClassName).toBe('public');
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual([
      'shop.apps.example.test',
      'shop.com',
      'www.shop.com',
    ]);
    for (const rule of ingress.spec.rules) {
      expect(rule.http.paths).toEqual([
        {
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: 'shop-web', port: { number: 80 } } },
        },
      ]);
    }
    expect(ingress.spec.tls).toHaveLength(1);
    expect(ingress.spec.tls[0].hosts).toEqual(['shop.com', 'www.shop.com']);
    const secret = fake.get(
      'v1',
      'Secret',
      'shop',
      ingress.spec.tls[0].secretName,
    )!;
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(secret.data['tls.crt'], 'base64').toString()).toBe(
      shopCert.certificate,
    );
    expect(Buffer.from(secret.data['tls.key'], 'base64').toString()).toBe(
      shopCert.key,
    );
    // No auto TLS: no issuer annotation.
    expect(
      Object.keys(ingress.metadata.annotations).filter(k =>
        k.startsWith('cert-manager'),
      ),
    ).toEqual([]);
    for (const object of routerObjects()) expectValidManifest(object);
  });

  it('turns settings into ingress-nginx annotations', async () => {
    await router().apply([
      kubernetesRoute('shop', {
        httpsOnly: true,
        hsts: {
          enabled: true,
          maxAge: 63072000,
          includeSubdomains: true,
          preload: true,
        },
        allowlist: ['10.0.0.0/8', '192.168.1.7'],
        connectTimeout: 5,
        readTimeout: 120,
        sendTimeout: 90,
        bodySize: '50m',
      }),
    ]);
    expect(ingressOf('shop').metadata.annotations).toEqual({
      [`${NGINX}/ssl-redirect`]: 'true',
      [`${NGINX}/force-ssl-redirect`]: 'true',
      [`${NGINX}/whitelist-source-range`]: '10.0.0.0/8,192.168.1.7',
      [`${NGINX}/proxy-connect-timeout`]: '5',
      [`${NGINX}/proxy-read-timeout`]: '120',
      [`${NGINX}/proxy-send-timeout`]: '90',
      [`${NGINX}/proxy-body-size`]: '50m',
      [`${NGINX}/configuration-snippet`]:
        'more_set_headers "Strict-Transport-Security: max-age=63072000; includeSubDomains; preload";',
      'slipway.io/spec-hash': expect.any(String),
    });
    // HSTS left to the controller: no snippet.
    await router({ hsts: 'controller' }).apply([
      kubernetesRoute('shop', {
        hsts: {
          enabled: true,
          maxAge: 100,
          includeSubdomains: false,
          preload: false,
        },
      }),
    ]);
    expect(
      ingressOf('shop').metadata.annotations[`${NGINX}/configuration-snippet`],
    ).toBeUndefined();
    expect(
      ingressOf('shop').metadata.annotations[`${NGINX}/ssl-redirect`],
    ).toBe('false');
  });

  it('asks cert-manager for certificates of hosts without one when autoTls is on', async () => {
    const r = router({
      issuer: { kind: 'Issuer', name: 'letsencrypt-staging' },
    });
    expect(r.defaultUrl('shop')).toBe('http://shop.apps.example.test');
    await r.apply([
      kubernetesRoute('shop', {
        autoTls: true,
        hosts: [
          { host: 'shop.apps.example.test' },
          { host: 'shop.com', tls: pemTls('mine') },
        ],
      }),
    ]);
    const ingress = ingressOf('shop');
    expect(ingress.metadata.annotations['cert-manager.io/issuer']).toBe(
      'letsencrypt-staging',
    );
    expect(ingress.spec.tls).toContainEqual({
      hosts: ['shop.apps.example.test'],
      secretName: 'shop-auto-tls',
    });
    expect(ingress.spec.tls).toHaveLength(2);
    expect(r.defaultUrl('shop')).toBe('https://shop.apps.example.test');
    expect(r.defaultHost('shop')).toBe('shop.apps.example.test');
    expect(router({ https: true }).defaultUrl('blog')).toBe(
      'https://blog.apps.example.test',
    );
  });

  it('does nothing when nothing changed, and renders the same objects from the same table', async () => {
    const table = [
      kubernetesRoute('blog', {
        hosts: [
          { host: 'blog.apps.example.test' },
          { host: 'blog.org', tls: pemTls('b') },
        ],
      }),
      kubernetesRoute('shop', { allowlist: ['10.0.0.0/8'] }),
    ];
    const r = router();
    await r.apply(table);
    const before = JSON.stringify(routerObjects());
    fake.resetRequests();
    expect(await r.apply(table)).toEqual({ changed: false, rejected: [] });
    expect(await router().apply(structuredClone(table))).toEqual({
      changed: false,
      rejected: [],
    });
    expect(fake.writes()).toEqual([]);
    expect(JSON.stringify(routerObjects())).toBe(before);
  });

  it('sends traffic to a 503 backend during maintenance and back afterwards', async () => {
    const r = router();
    await r.apply([kubernetesRoute('shop', { maintenance: true })]);
    const backend =
      ingressOf('shop').spec.rules[0].http.paths[0].backend.service;
    expect(backend).toEqual({ name: 'shop-maintenance', port: { number: 80 } });
    const maintenance = fake.get('v1', 'Service', 'shop', 'shop-maintenance')!;
    expect(maintenance.spec.selector).toBeUndefined(); // no pods behind it: the controller answers 503

    await r.apply([kubernetesRoute('shop')]);
    expect(
      ingressOf('shop').spec.rules[0].http.paths[0].backend.service.name,
    ).toBe('shop-web');
    expect(
      fake.get('v1', 'Service', 'shop', 'shop-maintenance'),
    ).toBeUndefined();
  });

  it('removes the objects of routes and certificates that are gone', async () => {
    const r = router();
    await r.apply([
      kubernetesRoute('blog'),
      kubernetesRoute('shop', {
        hosts: [
          { host: 'shop.apps.example.test' },
          { host: 'shop.com', tls: pemTls('c') },
        ],
      }),
    ]);
    await r.apply([kubernetesRoute('shop')]);
    expect(
      fake.get('networking.k8s.io/v1', 'Ingress', 'blog', 'blog'),
    ).toBeUndefined();
    expect(ingressOf('shop').spec.tls).toBeUndefined();
    expect(routerObjects().map(o => `${o.kind} ${o.metadata.name}`)).toEqual([
      'Ingress shop',
    ]);
    // An app without a web process has nothing to route to.
    await r.apply([kubernetesRoute('shop', { upstream: undefined })]);
    expect(routerObjects()).toEqual([]);
  });

  it('leaves out apps whose routes cannot be rendered and routes the others', async () => {
    const r = router();
    await r.apply([kubernetesRoute('blog', { allowlist: ['10.0.0.0/8'] })]);
    const hostile = [
      kubernetesRoute('blog', { allowlist: ['10.0.0.0/8", "0.0.0.0/0'] }),
      kubernetesRoute('shop', {
        hosts: [{ host: 'shop.com\n  - host: evil.com' }],
      }),
      kubernetesRoute('wiki', { bodySize: '1m; more_set_headers "X: y"' }),
      kubernetesRoute('nope', {}), // its namespace does not exist
    ];
    const result = await r.apply(hostile);
    expect(result.rejected.map(x => x.app)).toEqual([
      'blog',
      'nope',
      'shop',
      'wiki',
    ]);
    expect(result.rejected.find(x => x.app === 'nope')!.reason).toMatch(
      /namespaces "nope" not found/,
    );
    // The rejected app keeps its last good Ingress; nothing hostile reached the cluster.
    expect(
      ingressOf('blog').metadata.annotations[`${NGINX}/whitelist-source-range`],
    ).toBe('10.0.0.0/8');
    expect(
      fake.get('networking.k8s.io/v1', 'Ingress', 'shop', 'shop'),
    ).toBeUndefined();

    const mixed = await r.apply([
      kubernetesRoute('shop', { hosts: [{ host: 'bad_host' }] }),
      kubernetesRoute('wiki'),
    ]);
    expect(mixed.rejected.map(x => x.app)).toEqual(['shop']);
    expect(ingressOf('wiki').spec.rules[0].host).toBe('wiki.apps.example.test');
    for (const object of routerObjects()) expectValidManifest(object);
  });

  it('refuses certificates that are not PEM', async () => {
    const result = await router().apply([
      kubernetesRoute('shop', {
        hosts: [
          {
            host: 'shop.com',
            tls: {
              certName: 'x',
              certificate: 'not a cert',
              key: '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----',
            },
          },
        ],
      }),
    ]);
    expect(result.rejected).toEqual([
      { app: 'shop', reason: 'the certificate "x" is not PEM' },
    ]);
    expect(routerObjects()).toEqual([]);
  });
});
