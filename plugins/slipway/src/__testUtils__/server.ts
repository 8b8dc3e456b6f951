import { registerMswTestHooks } from '@backstage/test-utils';
import { setupServer } from 'msw/node';
import { FakeSlipway } from './fakeSlipway';

/**
 * An msw server for one test file, answering as a fresh FakeSlipway before each test.
 * Use `server.use(...)` to make one request fail. A test fails when the fake was sent or
 * answered anything outside the API's spec.
 */
export function setupFakeSlipway() {
  const server = setupServer();
  registerMswTestHooks(server);
  const current = { fake: new FakeSlipway() };
  beforeEach(() => {
    current.fake = new FakeSlipway();
    server.use(...current.fake.handlers());
  });
  afterEach(() => {
    const { drift } = current.fake;
    if (drift.length > 0) {
      throw new Error(
        `The fake Slipway API was sent or answered something outside openapi.yaml:\n  ${drift.join(
          '\n  ',
        )}`,
      );
    }
  });
  return {
    server,
    get fake() {
      return current.fake;
    },
  };
}
