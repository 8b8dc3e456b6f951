import { createKubernetesRuntime } from '../../runtime/kubernetes/createKubernetesRuntime';
import {
  describeWithCluster,
  uniqueSuffix,
} from '../../kubernetes/__testUtils__/realCluster';
import {
  REAL_CLUSTER,
  RealConnection,
  connectToRealCluster,
  deleteNamespaces,
  readAsAdmin,
  routerObjectsIn,
} from '../../kubernetes/__testUtils__/realConnection';
import { kubernetesRoute, pemTls } from '../../kubernetes/__testUtils__/routes';
import { createIngressRouter } from './createIngressRouter';

jest.setTimeout(60_000);

const NGINX = 'nginx.ingress.kubernetes.io';

describeWithCluster('ingress router against the real API server', () => {
  let connection: RealConnection;
  /** This suite's installation name: the router only sees and removes objects of this suite. */
  const instance = `it-${uniqueSuffix()}`;
  let shop: string;
  let blog: string;
  let wiki: string;

  beforeAll(async () => {
    connection = await connectToRealCluster();
  });
  beforeEach(async () => {
    const id = uniqueSuffix();
    [shop, blog, wiki] = ['shop', 'blog', 'wiki'].map(a => `${a}-${id}`);
    const runtime = createKubernetesRuntime(connection.deps());
    for (const app of [shop, blog, wiki])
      await runtime.createApp(app, REAL_CLUSTER);
  });
  afterEach(() => deleteNamespaces([shop, blog, wiki]));
  afterAll(() => connection?.close());

  const router = (ingress: Record<string, unknown> = {}) =>
    createIngressRouter(connection.deps({ kubernetes: { ingress, instance } }));
  const ingressOf = (app: string) =>
    readAsAdmin('networking.k8s.io/v1', 'Ingress', app, app);
  const routerObjects = () =>
    routerObjectsIn([shop, blog, wiki], {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
    });
  const secretOf = (app: string, name: string) =>
    readAsAdmin('v1', 'Secret', app, name);

  it('routes the default host and custom domains to the web Service, with TLS Secrets', async () => {
    const shopCert = pemTls('shop-com');
    const result = await router({ className: 'public' }).apply([
      kubernetesRoute(shop, {
        hosts: [
          { host: `${shop}.apps.example.test` },
          { host: 'shop.com', tls: shopCert },
          { host: 'www.shop.com', tls: shopCert },
        ],
      }),
    ]);
    expect(result).toEqual({ changed: true, rejected: [] });

    const ingress = await ingressOf(shop);
    expect(ingress.metadata.labels).toMatchObject({
      'slipway.io/app': shop,
      'backstage.io/kubernetes-id': shop,
      'slipway.io/router': `ingress.${instance}`,
    });
    expect(ingress.spec.ingressClassName).toBe('public');
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual([
      `${shop}.apps.example.test`,
      'shop.com',
      'www.shop.com',
    ]);
    for (const rule of ingress.spec.rules) {
      expect(rule.http.paths).toEqual([
        {
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: `${shop}-web`, port: { number: 80 } } },
        },
      ]);
    }
    expect(ingress.spec.tls).toHaveLength(1);
    expect(ingress.spec.tls[0].hosts).toEqual(['shop.com', 'www.shop.com']);
    const secret = await secretOf(shop, ingress.spec.tls[0].secretName);
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
  });

  it('turns settings into ingress-nginx annotations', async () => {
    await router().apply([
      kubernetesRoute(shop, {
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
    expect((await ingressOf(shop)).metadata.annotations).toEqual({
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
    // HSTS left to the controller: no snippet (server-side apply removes the annotation Slipway no longer sets).
    await router({ hsts: 'controller' }).apply([
      kubernetesRoute(shop, {
        hsts: {
          enabled: true,
          maxAge: 100,
          includeSubdomains: false,
          preload: false,
        },
      }),
    ]);
    const annotations = (await ingressOf(shop)).metadata.annotations;
    expect(annotations[`${NGINX}/configuration-snippet`]).toBeUndefined();
    expect(annotations[`${NGINX}/whitelist-source-range`]).toBeUndefined();
    expect(annotations[`${NGINX}/ssl-redirect`]).toBe('false');
  });

  it('asks cert-manager for certificates of hosts without one when autoTls is on', async () => {
    const r = router({
      issuer: { kind: 'Issuer', name: 'letsencrypt-staging' },
    });
    expect(r.defaultUrl(shop)).toBe(`http://${shop}.apps.example.test`);
    await r.apply([
      kubernetesRoute(shop, {
        autoTls: true,
        hosts: [
          { host: `${shop}.apps.example.test` },
          { host: 'shop.com', tls: pemTls('mine') },
        ],
      }),
    ]);
    const ingress = await ingressOf(shop);
    expect(ingress.metadata.annotations['cert-manager.io/issuer']).toBe(
      'letsencrypt-staging',
    );
    expect(ingress.spec.tls).toContainEqual({
      hosts: [`${shop}.apps.example.test`],
      secretName: `${shop}-auto-tls`,
    });
    expect(ingress.spec.tls).toHaveLength(2);
    expect(r.defaultUrl(shop)).toBe(`https://${shop}.apps.example.test`);
    expect(r.defaultHost(shop)).toBe(`${shop}.apps.example.test`);
    expect(router({ https: true }).defaultUrl(blog)).toBe(
      `https://${blog}.apps.example.test`,
    );
  });

  it('makes no write when nothing changed, and renders the same objects from the same table', async () => {
    const table = [
      kubernetesRoute(blog, {
        hosts: [
          { host: `${blog}.apps.example.test` },
          { host: 'blog.org', tls: pemTls('b') },
        ],
      }),
      kubernetesRoute(shop, { allowlist: ['10.0.0.0/8'] }),
      // The plainest route: no TLS, no allowlist, no HSTS (empty lists and maps are not drift).
      kubernetesRoute(wiki),
    ];
    const r = router();
    await r.apply(table);
    const before = JSON.stringify(await routerObjects());
    connection.proxy.reset();
    for (let i = 0; i < 3; i++) {
      expect(await r.apply(table)).toEqual({ changed: false, rejected: [] });
    }
    expect(await router().apply(structuredClone(table))).toEqual({
      changed: false,
      rejected: [],
    });
    expect(connection.proxy.writeLines()).toEqual([]);
    expect(JSON.stringify(await routerObjects())).toBe(before);
  });

  it('sends traffic to a 503 backend during maintenance and back afterwards', async () => {
    const r = router();
    await r.apply([kubernetesRoute(shop, { maintenance: true })]);
    const backend = (await ingressOf(shop)).spec.rules[0].http.paths[0].backend
      .service;
    expect(backend).toEqual({
      name: `${shop}-maintenance`,
      port: { number: 80 },
    });
    const maintenance = await readAsAdmin(
      'v1',
      'Service',
      shop,
      `${shop}-maintenance`,
    );
    expect(maintenance.spec.selector).toBeUndefined(); // no pods behind it: the controller answers 503

    await r.apply([kubernetesRoute(shop)]);
    expect(
      (await ingressOf(shop)).spec.rules[0].http.paths[0].backend.service.name,
    ).toBe(`${shop}-web`);
    expect(
      await readAsAdmin('v1', 'Service', shop, `${shop}-maintenance`),
    ).toBeUndefined();
  });

  it('removes the objects of routes and certificates that are gone', async () => {
    const r = router();
    await r.apply([
      kubernetesRoute(blog),
      kubernetesRoute(shop, {
        hosts: [
          { host: `${shop}.apps.example.test` },
          { host: 'shop.com', tls: pemTls('c') },
        ],
      }),
    ]);
    await r.apply([kubernetesRoute(shop)]);
    expect(await ingressOf(blog)).toBeUndefined();
    expect((await ingressOf(shop)).spec.tls).toBeUndefined();
    expect(
      (await routerObjects()).map(o => `${o.kind} ${o.metadata.name}`),
    ).toEqual([`Ingress ${shop}`]);
    // An app without a web process has nothing to route to.
    await r.apply([kubernetesRoute(shop, { upstream: undefined })]);
    expect(await routerObjects()).toEqual([]);
  });

  it('never touches the objects of another installation sharing the cluster', async () => {
    await router().apply([kubernetesRoute(shop)]);
    const other = createIngressRouter(
      connection.deps({
        kubernetes: { ingress: {}, instance: `other-${uniqueSuffix()}` },
      }),
    );
    expect(await other.apply([])).toEqual({ changed: false, rejected: [] });
    expect(await ingressOf(shop)).toBeDefined();
  });

  it('leaves out apps whose routes cannot be rendered and routes the others', async () => {
    const nope = `nope-${uniqueSuffix()}`;
    const r = router();
    await r.apply([kubernetesRoute(blog, { allowlist: ['10.0.0.0/8'] })]);
    const hostile = [
      kubernetesRoute(blog, { allowlist: ['10.0.0.0/8", "0.0.0.0/0'] }),
      kubernetesRoute(shop, {
        hosts: [{ host: 'shop.com\n  - host: evil.com' }],
      }),
      kubernetesRoute(wiki, { bodySize: '1m; more_set_headers "X: y"' }),
      kubernetesRoute(nope, {}), // its namespace does not exist
    ];
    const result = await r.apply(hostile);
    expect(result.rejected.map(x => x.app)).toEqual([blog, nope, shop, wiki]);
    expect(result.rejected.find(x => x.app === nope)!.reason).toMatch(
      new RegExp(`namespaces "${nope}" not found`),
    );
    // The rejected app keeps its last good Ingress; nothing hostile reached the cluster.
    expect(
      (await ingressOf(blog)).metadata.annotations[
        `${NGINX}/whitelist-source-range`
      ],
    ).toBe('10.0.0.0/8');
    expect(await ingressOf(shop)).toBeUndefined();

    const mixed = await r.apply([
      kubernetesRoute(shop, { hosts: [{ host: 'bad_host' }] }),
      kubernetesRoute(wiki),
    ]);
    expect(mixed.rejected.map(x => x.app)).toEqual([shop]);
    expect((await ingressOf(wiki)).spec.rules[0].host).toBe(
      `${wiki}.apps.example.test`,
    );
  });

  it('refuses certificates that are not PEM', async () => {
    const result = await router().apply([
      kubernetesRoute(shop, {
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
      { app: shop, reason: 'the certificate "x" is not PEM' },
    ]);
    expect(await routerObjects()).toEqual([]);
  });
});
