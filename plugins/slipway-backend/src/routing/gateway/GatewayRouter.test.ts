import { createKubernetesRuntime } from '../../runtime/kubernetes/createKubernetesRuntime';
import { ensureGatewayApiCrds } from '../../kubernetes/__testUtils__/gatewayApiCrds';
import {
  adminObjects,
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
import { createGatewayRouter } from './createGatewayRouter';

jest.setTimeout(60_000);

const GATEWAY = { name: 'public', namespace: 'gateways' };
const HTTPROUTE = 'gateway.networking.k8s.io/v1';

describeWithCluster('gateway router against the real API server', () => {
  let connection: RealConnection;
  const instance = `gt-${uniqueSuffix()}`;
  let shop: string;
  let blog: string;

  beforeAll(async () => {
    await ensureGatewayApiCrds();
    connection = await connectToRealCluster();
  });
  beforeEach(async () => {
    const id = uniqueSuffix();
    [shop, blog] = ['shop', 'blog'].map(a => `${a}-${id}`);
    const runtime = createKubernetesRuntime(connection.deps());
    for (const app of [shop, blog]) await runtime.createApp(app, REAL_CLUSTER);
  });
  afterEach(() => deleteNamespaces([shop, blog]));
  afterAll(() => connection?.close());

  const router = (more: Record<string, unknown> = {}) =>
    createGatewayRouter(
      connection.deps({
        kubernetes: { instance, gateway: { ...GATEWAY, ...more } },
      }),
    );
  const routeOf = (app: string, name = app) =>
    readAsAdmin(HTTPROUTE, 'HTTPRoute', app, name);
  const routerObjects = () =>
    routerObjectsIn([shop, blog], { apiVersion: HTTPROUTE, kind: 'HTTPRoute' });

  it('attaches an HTTPRoute per app to the configured Gateway (the CRD schema accepts it)', async () => {
    const cert = pemTls('shop-com');
    const result = await router().apply([
      kubernetesRoute(shop, {
        hosts: [
          { host: `${shop}.apps.example.test` },
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
    const route = await routeOf(shop);
    expect(route.metadata.labels).toMatchObject({
      'slipway.io/app': shop,
      'backstage.io/kubernetes-id': shop,
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
      `${shop}.apps.example.test`,
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
        // The CRD defaults the weight.
        backendRefs: [
          {
            group: '',
            kind: 'Service',
            name: `${shop}-web`,
            port: 80,
            weight: 1,
          },
        ],
        timeouts: { request: '190s', backendRequest: '100s' },
      },
    ]);
    // The certificate is kept as a TLS Secret in the app namespace for the Gateway's listener.
    const secrets = (await routerObjects()).filter(o => o.kind === 'Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0].type).toBe('kubernetes.io/tls');
  });

  it('the API server refuses an HTTPRoute that breaks the CRD schema', async () => {
    await expect(
      adminObjects().create({
        apiVersion: HTTPROUTE,
        kind: 'HTTPRoute',
        metadata: { name: 'bad', namespace: shop },
        spec: { hostnames: ['not a hostname'] },
      } as any),
    ).rejects.toMatchObject({ code: 422 });
  });

  it('serves https-only apps on the https listener and redirects on the http one', async () => {
    const listeners = { httpListener: 'http', httpsListener: 'https' };
    await router(listeners).apply([kubernetesRoute(shop, { httpsOnly: true })]);
    expect((await routeOf(shop)).spec.parentRefs[0].sectionName).toBe('https');
    const redirect = await routeOf(shop, `${shop}-https-redirect`);
    expect(redirect.spec.parentRefs[0].sectionName).toBe('http');
    expect(redirect.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [
          {
            type: 'RequestRedirect',
            requestRedirect: { scheme: 'https', statusCode: 301 },
          },
        ],
      },
    ]);

    await router(listeners).apply([kubernetesRoute(shop)]);
    expect(await routeOf(shop, `${shop}-https-redirect`)).toBeUndefined();
    expect(
      (await routeOf(shop)).spec.parentRefs[0].sectionName,
    ).toBeUndefined();
  });

  it('refuses what an HTTPRoute cannot enforce instead of exposing the app', async () => {
    const result = await router().apply([
      kubernetesRoute(blog),
      kubernetesRoute(shop, { allowlist: ['10.0.0.0/8'] }),
    ]);
    expect(result.rejected).toEqual([
      {
        app: shop,
        reason: expect.stringMatching(/allowlist cannot be enforced/),
      },
    ]);
    expect(await routeOf(shop)).toBeUndefined();
    expect(await routeOf(blog)).toBeDefined();

    const httpsOnly = await router().apply([
      kubernetesRoute(shop, { httpsOnly: true }),
    ]);
    expect(httpsOnly.rejected[0].reason).toMatch(
      /httpListener and httpsListener/,
    );
  });

  it('routes to a 503 backend during maintenance', async () => {
    await router().apply([kubernetesRoute(shop, { maintenance: true })]);
    expect((await routeOf(shop)).spec.rules[0].backendRefs).toEqual([
      {
        group: '',
        kind: 'Service',
        name: `${shop}-maintenance`,
        port: 80,
        weight: 1,
      },
    ]);
    expect(
      (await readAsAdmin('v1', 'Service', shop, `${shop}-maintenance`)).spec
        .selector,
    ).toBeUndefined();
  });

  it('makes no write when nothing changed and removes routes that are gone', async () => {
    const table = [
      kubernetesRoute(blog),
      kubernetesRoute(shop, {
        hosts: [{ host: 'shop.com', tls: pemTls('x') }],
        httpsOnly: true,
      }),
    ];
    const r = router({ httpListener: 'http', httpsListener: 'https' });
    await r.apply(table);
    connection.proxy.reset();
    for (let i = 0; i < 3; i++) {
      expect(await r.apply(structuredClone(table))).toEqual({
        changed: false,
        rejected: [],
      });
    }
    expect(connection.proxy.writeLines()).toEqual([]);

    expect(await r.apply([kubernetesRoute(blog)])).toEqual({
      changed: true,
      rejected: [],
    });
    expect(
      (await routerObjects()).map(
        o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
      ),
    ).toEqual([`HTTPRoute ${blog}/${blog}`]);
  });
});
