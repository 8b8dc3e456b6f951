import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { App, Pipeline } from '@slipway/plugin-slipway-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SlipwayEntityProvider } from './SlipwayEntityProvider';

const BASE = 'http://localhost:0/api/slipway';
const SERVICE_TOKEN = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:catalog'),
  targetPluginId: 'slipway',
});

function app(
  name: string,
  owner = 'group:default/team-a',
  cluster = 'local',
): App {
  return {
    name,
    owner,
    cluster,
    structure: { web: 1 },
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    url: `http://${name}.localhost:8080`,
    gitRemote: `http://localhost:7007/api/slipway/git/${name}.git`,
  };
}

/** An entity some other location (a catalog-info.yaml) defines for an app. */
function definedElsewhere(appName: string, entityName = appName): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: entityName,
      annotations: {
        'slipway.io/app': appName,
        'backstage.io/managed-by-location':
          'url:https://git.example.com/shop/catalog-info.yaml',
        'backstage.io/managed-by-origin-location':
          'url:https://git.example.com/shop/catalog-info.yaml',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-a',
    },
  };
}

/** A pipeline's System in the catalog, put there by `origin`. */
function system(name: string, origin: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name,
      annotations: {
        'slipway.io/pipeline': name,
        'backstage.io/managed-by-location': origin,
        'backstage.io/managed-by-origin-location': origin,
      },
    },
    spec: { owner: 'user:default/jane' },
  };
}

describe('SlipwayEntityProvider', () => {
  const server = setupServer();
  let apps: App[];
  let pipelines: Pipeline[];
  let authorizations: (string | null)[];

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    apps = [app('shop'), app('blog', 'user:default/jane')];
    pipelines = [];
    authorizations = [];
    server.resetHandlers(
      // Two pages, to prove the provider follows the cursor.
      http.get(`${BASE}/pipelines`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        const [first, ...rest] = pipelines;
        return HttpResponse.json(
          cursor
            ? { items: rest, totalItems: pipelines.length, pageInfo: {} }
            : {
                items: first ? [first] : [],
                totalItems: pipelines.length,
                pageInfo: rest.length ? { nextCursor: 'page2' } : {},
              },
        );
      }),
      http.get(`${BASE}/apps`, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return HttpResponse.json({
          items: apps,
          totalItems: apps.length,
          pageInfo: {},
        });
      }),
      http.get(`${BASE}/apps/:app`, ({ request, params }) => {
        authorizations.push(request.headers.get('authorization'));
        const found = apps.find(a => a.name === params.app);
        return found
          ? HttpResponse.json(found)
          : HttpResponse.json(
              {
                error: {
                  name: 'NotFoundError',
                  message: `App "${params.app}" not found`,
                },
                response: { statusCode: 404 },
              },
              { status: 404 },
            );
      }),
    );
  });

  async function connected(catalogEntities: Entity[] = []) {
    let task: SchedulerServiceTaskInvocationDefinition | undefined;
    const events = mockServices.events();
    const provider = new SlipwayEntityProvider({
      logger: mockServices.logger.mock(),
      taskRunner: { run: async t => void (task = t) },
      auth: mockServices.auth({ pluginId: 'catalog' }),
      discovery: mockServices.discovery(),
      catalog: catalogServiceMock({ entities: catalogEntities }),
      events,
    });
    const connection = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    } satisfies EntityProviderConnection;
    await provider.connect(connection);
    const publish = (payload: object, topic = 'slipway.apps') =>
      events.publish({ topic, eventPayload: payload });
    return {
      provider,
      connection,
      publish,
      runSchedule: () => task!.fn(new AbortController().signal),
    };
  }

  it('emits one service per app with the annotations, owner and link of docs/design.md', async () => {
    const { connection, runSchedule } = await connected();
    await runSchedule();

    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    expect(mutation.entities.map((e: any) => e.entity.metadata.name)).toEqual([
      'blog',
      'shop',
    ]);
    expect(mutation.entities[1]).toEqual({
      locationKey: 'slipway:shop',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'shop',
          namespace: 'default',
          description: 'Slipway app shop',
          tags: ['slipway'],
          annotations: {
            'slipway.io/app': 'shop',
            'backstage.io/managed-by-location': 'slipway:shop',
            'backstage.io/managed-by-origin-location': 'slipway:shop',
          },
          links: [
            { url: 'http://shop.localhost:8080', title: 'App', icon: 'web' },
          ],
        },
        spec: {
          type: 'service',
          lifecycle: 'experimental',
          owner: 'group:default/team-a',
        },
      },
    });
    expect(mutation.entities[0].entity.spec.owner).toBe('user:default/jane');
  });

  it('wires only apps on a Kubernetes cluster to the Kubernetes plugin, and calls a deployed app outside any pipeline deployed (not production)', async () => {
    const deployed = app('api', 'group:default/team-a', 'default');
    deployed.release = {
      version: 2,
      build: { id: 'b1', image: 'registry.test/api@sha256:abc', procfile: {} },
      status: 'succeeded',
    } as unknown as App['release'];
    apps = [deployed, app('shop')];
    const { connection, runSchedule } = await connected();
    await runSchedule();
    const [api, shop] = connection.applyMutation.mock.calls[0][0].entities.map(
      (e: any) => e.entity,
    );
    expect(api.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'api',
      'backstage.io/kubernetes-namespace': 'api',
    });
    expect(api.spec.lifecycle).toBe('deployed');
    expect(shop.spec.lifecycle).toBe('experimental');
    expect(shop.metadata.annotations['backstage.io/kubernetes-id']).toBe(
      undefined,
    );
    // The git remote is no page to view: no "View source" link to a 404.
    expect(api.metadata.annotations['backstage.io/source-location']).toBe(
      undefined,
    );
  });

  it('reads every page of a paged apps list', async () => {
    const all = Array.from({ length: 3 }, (_, i) => app(`app-${i}`));
    server.use(
      http.get(`${BASE}/apps`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        const index = cursor ? Number(cursor) : 0;
        return HttpResponse.json({
          items: [all[index]],
          totalItems: all.length,
          pageInfo:
            index + 1 < all.length ? { nextCursor: `${index + 1}` } : {},
        });
      }),
    );
    const { connection, runSchedule } = await connected();
    await runSchedule();
    expect(
      connection.applyMutation.mock.calls[0][0].entities.map(
        (e: any) => e.entity.metadata.name,
      ),
    ).toEqual(['app-0', 'app-1', 'app-2']);
  });

  it('reads apps with its own service token for the slipway plugin', async () => {
    const { runSchedule } = await connected();
    await runSchedule();
    expect(authorizations).toEqual([SERVICE_TOKEN]);
  });

  it('emits a System per pipeline, and the coupled apps point to it through spec.system', async () => {
    const stages = (staging: string[], production: string[]) => ({
      review: [],
      development: [],
      staging: staging.map(name => ({ name, stage: 'staging' as const })),
      production: production.map(name => ({
        name,
        stage: 'production' as const,
      })),
    });
    pipelines = [
      {
        name: 'commerce',
        owner: 'group:default/team-a',
        createdAt: '2026-11-26T10:00:00.000Z',
        stages: stages(['blog'], ['shop']),
      },
      {
        name: 'empty',
        owner: 'user:default/jane',
        createdAt: '2026-11-26T10:00:00.000Z',
        stages: stages([], []),
      },
    ];
    const { connection, runSchedule, publish } = await connected();
    await runSchedule();
    const { entities } = connection.applyMutation.mock.calls[0][0];
    expect(
      entities.map((e: any) => [
        e.entity.kind,
        e.entity.metadata.name,
        e.entity.spec.system,
      ]),
    ).toEqual([
      ['Component', 'blog', 'commerce'],
      ['Component', 'shop', 'commerce'],
      ['System', 'commerce', undefined],
      ['System', 'empty', undefined],
    ]);
    expect(entities[2]).toEqual({
      locationKey: 'slipway:pipeline:commerce',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: 'commerce',
          namespace: 'default',
          description: 'Slipway pipeline commerce',
          tags: ['slipway', 'pipeline'],
          annotations: {
            'slipway.io/pipeline': 'commerce',
            'backstage.io/managed-by-location': 'slipway:pipeline:commerce',
            'backstage.io/managed-by-origin-location':
              'slipway:pipeline:commerce',
          },
        },
        spec: { owner: 'group:default/team-a' },
      },
    });

    // A delta keeps the app's system.
    await publish({ action: 'updated', app: 'shop' });
    expect(
      connection.applyMutation.mock.calls[1][0].added[0].entity.spec.system,
    ).toBe('commerce');
  });

  it('carries the description the app was created with, else says which app it is', async () => {
    const described = app('shop');
    described.description = 'Sells things';
    apps = [described, app('blog')];
    const { connection, runSchedule } = await connected();
    await runSchedule();
    const descriptions = connection.applyMutation.mock.calls[0][0].entities.map(
      (e: any) => e.entity.metadata.description,
    );
    expect(descriptions).toEqual(['Slipway app blog', 'Sells things']);
  });

  it('gives a deployed app in a pipeline its stage as lifecycle: staging says staging, production production', async () => {
    const deployedApp = (name: string) => {
      const a = app(name);
      a.release = {
        version: 2,
        build: { id: 'b1', image: 'slug:abc', procfile: {} },
        status: 'succeeded',
      } as unknown as App['release'];
      return a;
    };
    apps = [deployedApp('shop'), deployedApp('shop-staging')];
    pipelines = [
      {
        name: 'shop',
        owner: 'group:default/team-a',
        createdAt: '2026-11-26T10:00:00.000Z',
        stages: {
          review: [],
          development: [],
          staging: [{ name: 'shop-staging', stage: 'staging' }],
          production: [{ name: 'shop', stage: 'production' }],
        },
      },
    ];
    const { connection, runSchedule, publish } = await connected();
    await runSchedule();
    const lifecycles = Object.fromEntries(
      connection.applyMutation.mock.calls[0][0].entities
        .filter((e: any) => e.entity.kind === 'Component')
        .map((e: any) => [e.entity.metadata.name, e.entity.spec.lifecycle]),
    );
    expect(lifecycles).toEqual({
      shop: 'production',
      'shop-staging': 'staging',
    });

    // A delta keeps it.
    await publish({ action: 'updated', app: 'shop-staging' });
    expect(
      connection.applyMutation.mock.calls[1][0].added[0].entity.spec.lifecycle,
    ).toBe('staging');
  });

  it('brings a pipeline System with the event of a coupled app, and removes the System of a deleted pipeline', async () => {
    pipelines = [
      {
        name: 'commerce',
        owner: 'group:default/team-a',
        createdAt: '2026-11-26T10:00:00.000Z',
        stages: {
          review: [],
          development: [],
          staging: [],
          production: [{ name: 'shop', stage: 'production' }],
        },
      },
    ];
    // Earlier: `old` was a pipeline (now deleted); `legacy` is a System someone wrote by hand.
    const { connection, publish } = await connected([
      system('old', 'slipway:pipeline:old'),
      system('legacy', 'url:https://example.com/catalog-info.yaml'),
    ]);

    // shop was coupled to commerce (the backend publishes that as a change of shop).
    await publish({ action: 'updated', app: 'shop' });
    const coupled = connection.applyMutation.mock.calls[0][0];
    expect(
      coupled.added.map((e: any) => [
        e.entity.kind,
        e.entity.metadata.name,
        e.entity.spec.system,
        e.entity.spec.owner,
      ]),
    ).toEqual([
      ['Component', 'shop', 'commerce', 'group:default/team-a'],
      ['System', 'commerce', undefined, 'group:default/team-a'],
    ]);
    expect(coupled.removed).toEqual([{ entityRef: 'system:default/old' }]);

    // commerce was deleted: shop leaves it, and so does its System once the catalog holds it.
    pipelines = [];
    const { connection: later, publish: publishLater } = await connected([
      system('commerce', 'slipway:pipeline:commerce'),
      system('legacy', 'url:https://example.com/catalog-info.yaml'),
    ]);
    await publishLater({ action: 'updated', app: 'shop' });
    const deleted = later.applyMutation.mock.calls[0][0];
    expect(deleted.added.map((e: any) => e.entity.metadata.name)).toEqual([
      'shop',
    ]);
    expect(deleted.added[0].entity.spec.system).toBeUndefined();
    expect(deleted.removed).toEqual([{ entityRef: 'system:default/commerce' }]);
  });

  it('adds the System of a pipeline created without apps, and removes it when the pipeline is deleted', async () => {
    pipelines = [
      {
        name: 'commerce',
        owner: 'group:default/team-a',
        createdAt: '2026-11-26T10:00:00.000Z',
        stages: { review: [], development: [], staging: [], production: [] },
      },
    ];
    const { connection, publish } = await connected();
    await publish(
      { action: 'created', pipeline: 'commerce' },
      'slipway.pipelines',
    );
    const created = connection.applyMutation.mock.calls[0][0];
    expect(
      created.added.map((e: any) => [e.entity.kind, e.entity.metadata.name]),
    ).toEqual([['System', 'commerce']]);
    expect(created.removed).toEqual([]);

    pipelines = [];
    const { connection: later, publish: publishLater } = await connected([
      system('commerce', 'slipway:pipeline:commerce'),
    ]);
    await publishLater(
      { action: 'deleted', pipeline: 'commerce' },
      'slipway.pipelines',
    );
    expect(later.applyMutation).toHaveBeenCalledWith({
      type: 'delta',
      added: [],
      removed: [{ entityRef: 'system:default/commerce' }],
    });
    // A malformed pipeline event changes nothing.
    await publishLater({ action: 'created' }, 'slipway.pipelines');
    expect(later.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('leaves out apps that another location already defines, but keeps its own earlier entities', async () => {
    const ours = {
      ...definedElsewhere('blog'),
      metadata: {
        name: 'blog',
        annotations: {
          'slipway.io/app': 'blog',
          'backstage.io/managed-by-location': 'slipway:blog',
          'backstage.io/managed-by-origin-location': 'slipway:blog',
        },
      },
    };
    const { connection, runSchedule } = await connected([
      definedElsewhere('shop', 'shop-service'),
      ours,
    ]);
    await runSchedule();
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.entities.map((e: any) => e.entity.metadata.name)).toEqual([
      'blog',
    ]);
  });

  it('adds a created app within the event, without a full sync', async () => {
    const { connection, publish } = await connected();
    apps.push(app('wiki', 'group:default/docs'));
    await publish({ action: 'created', app: 'wiki' });

    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation).toMatchObject({ type: 'delta', removed: [] });
    expect(mutation.added).toHaveLength(1);
    expect(mutation.added[0].entity.metadata.name).toBe('wiki');
    expect(mutation.added[0].entity.spec.owner).toBe('group:default/docs');
    expect(authorizations).toEqual([SERVICE_TOKEN]);
  });

  it('follows an ownership transfer on update', async () => {
    const { connection, publish } = await connected();
    apps[0] = app('shop', 'group:default/team-b');
    await publish({ action: 'updated', app: 'shop' });
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.added[0].entity.spec.owner).toBe('group:default/team-b');
  });

  it('removes a deleted app, and an app that disappeared before its event was handled', async () => {
    const { connection, publish } = await connected();
    await publish({ action: 'deleted', app: 'blog' });
    await publish({ action: 'updated', app: 'ghost' });
    expect(connection.applyMutation.mock.calls.map(c => c[0])).toEqual([
      {
        type: 'delta',
        added: [],
        removed: [{ entityRef: 'component:default/blog' }],
      },
      {
        type: 'delta',
        added: [],
        removed: [{ entityRef: 'component:default/ghost' }],
      },
    ]);
  });

  it('does not add an app on an event when another location defines it', async () => {
    const { connection, publish } = await connected([definedElsewhere('shop')]);
    await publish({ action: 'updated', app: 'shop' });
    expect(connection.applyMutation.mock.calls[0][0]).toEqual({
      type: 'delta',
      added: [],
      removed: [{ entityRef: 'component:default/shop' }],
    });
  });

  it('ignores malformed events and keeps the catalog as it is when the API fails', async () => {
    const { connection, publish, runSchedule } = await connected();
    await publish({ nonsense: true });
    server.use(
      http.get(`${BASE}/apps/:app`, () =>
        HttpResponse.json({}, { status: 500 }),
      ),
      http.get(`${BASE}/apps`, () => HttpResponse.json({}, { status: 500 })),
    );
    await publish({ action: 'updated', app: 'shop' });
    await expect(runSchedule()).rejects.toThrow();
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });
});
