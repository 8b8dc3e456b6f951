import fs from 'node:fs';
import { mockServices } from '@backstage/backend-test-utils';
import type { Route } from '@slipway/plugin-slipway-node';
import { NginxRouter } from './NginxRouter';
import { workerPids } from './nginxMaster';
import { detectLua } from './lua/detect';
import type { NginxOptions } from './options';
import { nginxPaths } from './render';
import {
  get,
  route,
  startUpstream,
  tempDir,
  testOptions,
} from './testing/helpers';

jest.setTimeout(180_000);

const describeLua = detectLua() || process.env.CI ? describe : describe.skip;
const APPS = 300;

/** Endpoint-only changes skip the whole-table pass: checked against a real nginx with Lua. */
describeLua('NginxRouter endpoint-only changes (real nginx, Lua)', () => {
  let dir: string;
  let options: NginxOptions;
  let router: NginxRouter;
  const upstreams: Awaited<ReturnType<typeof startUpstream>>[] = [];
  let a: string;
  let b: string;

  const table = (overrides: Record<string, Partial<Route>> = {}): Route[] =>
    Array.from({ length: APPS }, (_, i) => {
      const app = `app-${String(i).padStart(4, '0')}`;
      return route(app, {
        upstream: { addresses: [a] },
        ...overrides[app],
      });
    });
  const workers = async () =>
    workerPids(Number(fs.readFileSync(options.pidFile, 'utf8')));
  const config = () =>
    fs.readFileSync(nginxPaths(options.configDir).liveConfig, 'utf8');
  const bodyOf = async (app: string) =>
    (await get(options.httpPort, `${app}.localhost`)).body;

  beforeAll(async () => {
    for (const name of ['A', 'B']) upstreams.push(await startUpstream(name));
    [a, b] = upstreams.map(u => u.address);
    dir = tempDir();
    options = await testOptions(dir, {
      httpPort: 22920,
      httpsPort: 22921,
      statusPort: 22922,
      acmePort: 22923,
    });
    router = new NginxRouter(options, mockServices.logger.mock());
  });
  afterAll(async () => {
    await router?.close();
    await Promise.all(upstreams.map(u => u.close()));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('changes one app’s endpoints without touching the config, and is idempotent', async () => {
    expect((await router.apply(table())).changed).toBe(true);
    const text = config();
    const pids = await workers();
    expect(await bodyOf('app-0007')).toBe('A');

    // A fresh table (new objects, as the reconciler builds) where one app moved to B.
    const moved = table({ 'app-0007': { upstream: { addresses: [b] } } });
    expect(await router.apply(moved)).toEqual({ changed: true, rejected: [] });
    expect(await bodyOf('app-0007')).toBe('B');
    expect(await bodyOf('app-0008')).toBe('A');
    expect(config()).toBe(text);
    expect(await workers()).toEqual(pids);

    // The same state again changes nothing.
    expect(
      await router.apply(
        table({ 'app-0007': { upstream: { addresses: [b] } } }),
      ),
    ).toEqual({ changed: false, rejected: [] });
    // And back.
    expect((await router.apply(table())).changed).toBe(true);
    expect(await bodyOf('app-0007')).toBe('A');
    expect(await workers()).toEqual(pids);
  });

  it('renders the same bytes for the same state from a fresh router (determinism)', async () => {
    const state = table({ 'app-0003': { upstream: { addresses: [b] } } });
    await router.apply(state);
    const text = config();
    const fresh = new NginxRouter(options, mockServices.logger.mock());
    // The config is the same file; the dictionary already holds these endpoints.
    expect(await fresh.apply(structuredClone(state))).toEqual({
      changed: false,
      rejected: [],
    });
    expect(config()).toBe(text);
    expect(await bodyOf('app-0003')).toBe('B');
  });

  it('takes the full path when more than endpoints changed, keeping earlier endpoint changes', async () => {
    const pids = await workers();
    await router.apply(table({ 'app-0003': { upstream: { addresses: [b] } } }));
    // A new domain: the config changes and nginx reloads.
    const withDomain = table({
      'app-0003': { upstream: { addresses: [b] } },
      'app-0004': {
        hosts: [{ host: 'app-0004.localhost' }, { host: 'shop.example.com' }],
      },
    });
    expect((await router.apply(withDomain)).changed).toBe(true);
    expect(config()).toContain('shop.example.com');
    expect(await workers()).not.toEqual(pids);
    expect((await get(options.httpPort, 'shop.example.com')).body).toBe('A');
    expect(await bodyOf('app-0003')).toBe('B');

    // Endpoints the balancer cannot take (a name): rendered into the config, with a reload.
    const port = b.split(':')[1];
    const named = structuredClone(withDomain);
    named[5].upstream = { addresses: [`localhost:${port}`] };
    expect((await router.apply(named)).changed).toBe(true);
    expect(config()).toContain(`localhost:${port}`);
    expect(await bodyOf('app-0005')).toBe('B');
    // Then an endpoint-only change of another app still works.
    const next = structuredClone(named);
    next[6].upstream = { addresses: [b] };
    const before = config();
    expect((await router.apply(next)).changed).toBe(true);
    expect(config()).toBe(before);
    expect(await bodyOf('app-0006')).toBe('B');
    expect(await bodyOf('app-0005')).toBe('B');
  });

  it('writes the endpoints file nginx loads at start after answering, at the latest on close', async () => {
    const file = nginxPaths(options.configDir).luaState;
    const moved = table({ 'app-0009': { upstream: { addresses: [b] } } });
    await router.apply(moved);
    expect(await bodyOf('app-0009')).toBe('B');
    await router.close();
    expect(fs.readFileSync(file, 'utf8')).toContain(`\nset app-0009 ${b}\n`);
    expect(fs.readFileSync(file, 'utf8')).toContain(`\nset app-0010 ${a}\n`);
    // A master started from it already holds the moved app's endpoints: nothing changes.
    router = new NginxRouter(options, mockServices.logger.mock());
    expect((await router.apply(moved)).changed).toBe(false);
    expect(await bodyOf('app-0009')).toBe('B');
  });
});
