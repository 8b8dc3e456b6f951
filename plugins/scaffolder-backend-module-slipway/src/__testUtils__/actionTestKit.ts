import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject, JsonValue } from '@backstage/types';
import { setupServer } from 'msw/node';
import type { SlipwayActionsOptions } from '../actions';
import { FakeSlipwayApi } from './fakeSlipwayApi';

/** The Authorization header of a request made on behalf of the mock user, to the slipway plugin. */
export const ON_BEHALF_OF_USER = mockCredentials.service.header({
  onBehalfOf: mockCredentials.user(),
  targetPluginId: 'slipway',
});

/**
 * Sets up msw with a fresh FakeSlipwayApi before each test. Call at the top of a describe.
 */
export function useFakeSlipwayApi() {
  const server = setupServer();
  const kit = {
    api: new FakeSlipwayApi(),
    options: {
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      releasePollIntervalMs: 5,
      releaseTimeoutMs: 10_000,
    } as SlipwayActionsOptions,
  };
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    kit.api = new FakeSlipwayApi();
    server.resetHandlers(...kit.api.handlers());
  });
  afterAll(() => server.close());
  return kit;
}

/** Checkpoints that persist across runs of a step, like the task engine's on a retry. */
export function checkpointStore() {
  const saved = new Map<string, JsonValue>();
  return {
    saved,
    async checkpoint<T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (saved.has(opts.key)) return saved.get(opts.key) as T;
      const value = await opts.fn();
      saved.set(opts.key, value as JsonValue);
      return value;
    },
  };
}

/** A mock action context whose log lines and outputs can be read back. */
export function actionContext<I extends JsonObject>(
  input: I,
  extra: {
    isDryRun?: boolean;
    checkpoints?: ReturnType<typeof checkpointStore>;
    workspacePath?: string;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const ctx = createMockActionContext<I>({
    input,
    logger,
    workspacePath: extra.workspacePath,
    user: { ref: 'user:default/mock' },
  });
  const outputs: Record<string, unknown> = {};
  ctx.output = (name, value) => {
    outputs[name as string] = value;
  };
  if (extra.isDryRun) ctx.isDryRun = true;
  if (extra.checkpoints) ctx.checkpoint = extra.checkpoints.checkpoint as any;
  const logLines = () =>
    (['info', 'warn', 'error', 'debug'] as const).flatMap(level =>
      logger[level].mock.calls.map(call => String(call[0])),
    );
  return { ctx, outputs, logLines };
}
