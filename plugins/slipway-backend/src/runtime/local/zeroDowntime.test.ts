import fs from 'node:fs';
import { mockServices } from '@backstage/backend-test-utils';
import type { RouteUpstream } from '@slipway/plugin-slipway-node';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { loadLoop, send, testRoute } from '../../routing/builtin/testing/http';
import { LocalRuntime } from './LocalRuntime';
import {
  desired,
  makeDataDir,
  testSettings,
  writeSlug,
} from './testing/fixtures';

jest.setTimeout(120_000);

/**
 * The local runtime behind the builtin router, as the embedded platform runs them:
 * traffic keeps flowing through deploys, scale-downs, restarts and failed rollouts.
 */
describe('zero-downtime on the embedded platform', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let router: BuiltinRouter;
  let port: number;

  const route = async (upstream: RouteUpstream | undefined) => {
    await router.apply([testRoute('shop', { upstream })]);
    port = router.listening()!.httpPort;
  };
  /** Every answer with the time its request was sent. */
  const startLoad = () =>
    loadLoop(4, async () => {
      const sentAt = Date.now();
      const reply = await send(port, 'shop.localhost');
      if (reply.status !== 200)
        throw new Error(`${reply.status} ${reply.body}`);
      return { sentAt, answer: JSON.parse(reply.body).answer as string };
    });
  const release = (
    version: number,
    image: string,
    answer: string,
    extra: Record<string, string> = {},
  ) =>
    desired('shop', version, image, {
      structure: { web: 2 },
      config: { values: { ANSWER: answer, LISTEN_AFTER_MS: '400', ...extra } },
    });

  beforeEach(async () => {
    dataDir = await makeDataDir();
    runtime = new LocalRuntime(
      testSettings(dataDir, { drainSeconds: 0.5 }),
      mockServices.logger.mock(),
    );
    runtime.onUpstreamChange((_app, upstream) => route(upstream));
    router = new BuiltinRouter({
      httpPort: 0,
      httpsPort: 0,
      host: '127.0.0.1',
      platformDomain: 'localhost',
    });
  });

  afterEach(async () => {
    await runtime.close();
    await router.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('deploys, scales down, restarts and rolls back under load without a failed request', async () => {
    const image = await writeSlug(dataDir);
    await route((await runtime.apply(release(2, image, 'two'))).upstream);
    const load = startLoad();
    await new Promise(resolve => setTimeout(resolve, 300));

    const deployStartedAt = Date.now();
    const deploy = await runtime.apply(release(3, image, 'three'));
    expect(deploy.status).toBe('ready');
    await route(deploy.upstream);
    const switchedAt = Date.now();
    await new Promise(resolve => setTimeout(resolve, 1000)); // old processes drain and stop meanwhile

    const scaled = await runtime.apply({
      ...release(3, image, 'three'),
      structure: { web: 1 },
    });
    await route(scaled.upstream);
    await new Promise(resolve => setTimeout(resolve, 800));

    await runtime.restart('shop', 'local', {});
    await new Promise(resolve => setTimeout(resolve, 800));

    const rollback = await runtime.apply(release(4, image, 'two'));
    // A request is routed a moment after it is sent (same process): allow for that at the switch.
    const lastOfThree = Date.now() - 200;
    await route(rollback.upstream);
    const rolledBackAt = Date.now();
    await new Promise(resolve => setTimeout(resolve, 800));
    const { ok, failed } = await load.stop();

    expect(failed).toEqual([]);
    expect(ok.length).toBeGreaterThan(100);
    const answers = (from: number, to: number) =>
      new Set(
        ok.filter(r => r.sentAt > from && r.sentAt < to).map(r => r.answer),
      );
    expect(answers(0, deployStartedAt)).toEqual(new Set(['two']));
    expect(answers(switchedAt, lastOfThree)).toEqual(new Set(['three']));
    expect(answers(rolledBackAt, Infinity)).toEqual(new Set(['two']));
  });

  it('keeps the old release serving when the new one never gets ready', async () => {
    const image = await writeSlug(dataDir);
    await route((await runtime.apply(release(2, image, 'two'))).upstream);
    const load = startLoad();
    const failedRollout = await runtime.apply({
      ...release(3, image, 'three', { LISTEN_AFTER_MS: '600000' }),
      settings: { ...release(3, image, 'three').settings, deployTimeout: 1 },
    });
    expect(failedRollout.status).toBe('failed');
    await route(failedRollout.upstream);
    await new Promise(resolve => setTimeout(resolve, 500));
    const { ok, failed } = await load.stop();
    expect(failed).toEqual([]);
    expect(new Set(ok.map(r => r.answer))).toEqual(new Set(['two']));
    const reply = await send(port, 'shop.localhost');
    expect(JSON.parse(reply.body).release).toBe('v2');
  });
});
