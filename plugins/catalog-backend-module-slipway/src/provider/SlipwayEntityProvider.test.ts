import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { App } from '@slipway/plugin-slipway-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SlipwayEntityProvider } from './SlipwayEntityProvider';

const BASE = 'http://localhost:0/api/slipway';
const SERVICE_TOKEN = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:catalog'),
  targetPluginId: 'slipway',
});

function app(name: string, owner = 'group:default/team-a'): App {
  return {
    name,
    owner,
    cluster: 'local',
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

describe('SlipwayEntityProvider', () => {
  const server = setupServer();
  let apps: App[];
  let authorizations: (string | null)[];

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    apps = [app('shop'), app('blog', 'user:default/jane')];
    authorizations = [];
    server.resetHandlers(
      http.get(`${BASE}/apps`, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return HttpResponse.json(apps);
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
    const publish = (payload: object) =>
      events.publish({ topic: 'slipway.apps', eventPayload: payload });
    return {
      provider,
      connection,
      publish,
      runSchedule: () => task!.fn(new AbortController().signal),
    };
  }

  it('emits one production service per app with the annotations, owner and link of docs/design.md', async () => {
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
            'backstage.io/kubernetes-id': 'shop',
            'backstage.io/kubernetes-namespace': 'shop',
            'backstage.io/source-location':
              'url:http://localhost:7007/api/slipway/git/shop.git',
            'backstage.io/managed-by-location': 'slipway:shop',
            'backstage.io/managed-by-origin-location': 'slipway:shop',
          },
          links: [
            { url: 'http://shop.localhost:8080', title: 'App', icon: 'web' },
          ],
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/team-a',
        },
      },
    });
    expect(mutation.entities[0].entity.spec.owner).toBe('user:default/jane');
  });

  it('reads apps with its own service token for the slipway plugin', async () => {
    const { runSchedule } = await connected();
    await runSchedule();
    expect(authorizations).toEqual([SERVICE_TOKEN]);
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
