import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  actionContext,
  checkpointStore,
  ON_BEHALF_OF_USER,
} from '../__testUtils__/actionTestKit';
import { mockServices } from '@backstage/backend-test-utils';
import type { SlipwayActionsOptions } from './api';
import { createSlipwayPipelineCreateAction } from './pipelineCreate';
import { createSlipwayPromoteAction } from './promote';

const BASE = 'http://localhost:0/api/slipway';

/** A small stand-in for the pipeline endpoints, recording what it was asked. */
function fakePipelines() {
  const calls: {
    method: string;
    path: string;
    body: unknown;
    auth: string | null;
  }[] = [];
  const pipelines = new Map<string, Record<string, string>>();
  const record = async (request: Request) => {
    const text = await request.text();
    calls.push({
      method: request.method,
      path: new URL(request.url).pathname.replace('/api/slipway', ''),
      body: text ? JSON.parse(text) : undefined,
      auth: request.headers.get('authorization'),
    });
    return text ? JSON.parse(text) : {};
  };
  const error = (status: number, name: string, message: string) =>
    HttpResponse.json(
      { error: { name, message }, response: { statusCode: status } },
      { status },
    );
  const handlers = [
    http.post(`${BASE}/pipelines`, async ({ request }) => {
      const body = await record(request);
      if (pipelines.has(body.name))
        return error(
          409,
          'ConflictError',
          `Pipeline "${body.name}" already exists`,
        );
      pipelines.set(body.name, {});
      return HttpResponse.json({ name: body.name }, { status: 201 });
    }),
    http.put(
      `${BASE}/pipelines/:name/apps/:app`,
      async ({ request, params }) => {
        const body = await record(request);
        pipelines.get(params.name as string)![params.app as string] =
          body.stage;
        return HttpResponse.json({ name: params.name });
      },
    ),
    http.post(`${BASE}/apps/:app/promote`, async ({ request, params }) => {
      const body = await record(request);
      if (params.app === 'built-already') {
        return error(
          409,
          'ConflictError',
          'App "shop-prod" already runs this build (v3)',
        );
      }
      const targets: string[] = body.to ?? ['shop-prod'];
      return HttpResponse.json(
        {
          promotions: targets.map((app, i) =>
            app === 'gated'
              ? { id: `p${i}`, app, status: 'pending' }
              : { id: `p${i}`, app, version: 7, status: 'pending' },
          ),
        },
        { status: targets.includes('gated') ? 202 : 201 },
      );
    }),
  ];
  return { calls, pipelines, handlers };
}

describe('slipway:promote and slipway:pipeline:create', () => {
  const server = setupServer();
  let fake: ReturnType<typeof fakePipelines>;
  const options: SlipwayActionsOptions = {
    auth: mockServices.auth(),
    discovery: mockServices.discovery(),
  };
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    fake = fakePipelines();
    server.resetHandlers(...fake.handlers);
  });
  afterAll(() => server.close());

  it('promotes on behalf of the user and outputs each target, once even when retried', async () => {
    const checkpoints = checkpointStore();
    const first = actionContext({ app: 'shop-staging' }, { checkpoints });
    await createSlipwayPromoteAction(options).handler(first.ctx);
    const retry = actionContext({ app: 'shop-staging' }, { checkpoints });
    await createSlipwayPromoteAction(options).handler(retry.ctx);

    expect(fake.calls).toEqual([
      {
        method: 'POST',
        path: '/apps/shop-staging/promote',
        body: {},
        auth: ON_BEHALF_OF_USER,
      },
    ]);
    expect(retry.outputs).toEqual({
      promotions: [
        { id: 'p0', app: 'shop-prod', version: 7, status: 'pending' },
      ],
      pending: false,
    });
    expect(first.logLines()).toContain(
      'Promoted shop-staging to shop-prod as v7',
    );
  });

  it('reports targets that wait for approval', async () => {
    const { ctx, outputs, logLines } = actionContext({
      app: 'shop-staging',
      to: ['gated'],
    });
    await createSlipwayPromoteAction(options).handler(ctx);
    expect(fake.calls[0].body).toEqual({ to: ['gated'] });
    expect(outputs.pending).toBe(true);
    expect(logLines().join('\n')).toContain(
      'waits for approval by another user',
    );
  });

  it("fails with the API's reason, and changes nothing on a dry run", async () => {
    await expect(
      createSlipwayPromoteAction(options).handler(
        actionContext({ app: 'built-already' }).ctx,
      ),
    ).rejects.toThrow('App "shop-prod" already runs this build (v3)');
    const dry = actionContext({ app: 'shop-staging' }, { isDryRun: true });
    await createSlipwayPromoteAction(options).handler(dry.ctx);
    expect(
      fake.calls.filter(c => c.path.startsWith('/apps/shop-staging')),
    ).toEqual([]);
    await expect(
      createSlipwayPromoteAction(options).handler(
        actionContext({ app: 'Bad_Name' }).ctx,
      ),
    ).rejects.toThrow(/App name "Bad_Name"/);
  });

  it('creates a pipeline and couples its apps, without creating it twice on a retry', async () => {
    const checkpoints = checkpointStore();
    const input = {
      name: 'shop',
      apps: [
        { app: 'shop-staging', stage: 'staging' },
        { app: 'shop-prod', stage: 'production' },
      ],
    };
    const first = actionContext(input, { checkpoints });
    await createSlipwayPipelineCreateAction(options).handler(first.ctx as any);
    await createSlipwayPipelineCreateAction(options).handler(
      actionContext(input, { checkpoints }).ctx as any,
    );
    expect(fake.pipelines.get('shop')).toEqual({
      'shop-staging': 'staging',
      'shop-prod': 'production',
    });
    expect(fake.calls.filter(c => c.method === 'POST')).toHaveLength(1);
    expect(first.outputs).toEqual({
      name: 'shop',
      entityRef: 'system:default/shop',
    });
  });
});
