import { registerMswTestHooks } from '@backstage/test-utils';
import { setupServer } from 'msw/node';
import { FakeSlipway } from './fakeSlipway';

/**
 * An msw server for one test file, answering as a fresh FakeSlipway before each test.
 * Use `server.use(...)` to make one request fail.
 */
export function setupFakeSlipway() {
  const server = setupServer();
  registerMswTestHooks(server);
  const current = { fake: new FakeSlipway() };
  beforeEach(() => {
    current.fake = new FakeSlipway();
    server.use(...current.fake.handlers());
  });
  return {
    server,
    get fake() {
      return current.fake;
    },
  };
}
