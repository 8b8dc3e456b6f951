import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Route } from '@slipway/plugin-slipway-node';
import { NginxRouter } from './NginxRouter';
import { workerPids } from './nginxMaster';
import { detectLua } from './lua/detect';
import type { NginxOptions } from './options';
import { ENDPOINTS_PATH, nginxPaths } from './render';
import { loadLoop } from '../builtin/testing/http';
import {
  get,
  route,
  startUpstream,
  tempDir,
  testOptions,
} from './testing/helpers';

jest.setTimeout(120_000);

// CI installs libnginx-mod-http-lua and lua-resty-core (.ci/run) and must run these; elsewhere
// they are skipped without the module.
const describeLua = detectLua() || process.env.CI ? describe : describe.skip;

describeLua('NginxRouter dynamic upstreams (Lua) with a real nginx', () => {
  let dir: string;
  let options: NginxOptions;
  let router: NginxRouter;
  const cleanups: (() => Promise<void>)[] = [];

  const upstream = async (name: string) => {
    const u = await startUpstream(name);
    cleanups.push(u.close);
    return u;
  };
  const at = (app: string, addresses: string[]): Route =>
    route(app, { upstream: { addresses } });
  const workers = async () => {
    const master = Number(fs.readFileSync(options.pidFile, 'utf8'));
    return { master, workers: await workerPids(master) };
  };
  const token = () =>
    fs.readFileSync(nginxPaths(options.configDir).luaToken, 'utf8').trim();

  const bodyOf = async (host: string) =>
    (await get(options.httpPort, host)).body;

  beforeAll(() => {
    if (!detectLua()) {
      throw new Error(
        'the nginx Lua module is missing: apt-get install libnginx-mod-http-lua lua-resty-core',
      );
    }
  });
  beforeEach(async () => {
    dir = tempDir();
    options = await testOptions(dir);
    router = new NginxRouter(options, mockServices.logger.mock());
  });
  afterEach(async () => {
    await router.close();
    for (const c of cleanups.splice(0)) await c();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // As the runtimes do (`drainSeconds`, 5 s by default), a process goes only a moment after the
  // router stopped sending it requests: a request nginx picked it for just before the change may
  // still be connecting to it.
  const drain = () => new Promise(resolve => setTimeout(resolve, 200));

  it('makes 50 deploy/scale/rollback changes under load without a reload and without a failed request', async () => {
    let current = await upstream('v0');
    const names = new Set(['v0']);
    await router.apply([at('web1', [current.address])]);
    const before = await workers();

    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const ask = (agent: http.Agent | false) => () =>
      new Promise<string>((resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port: options.httpPort,
            headers: { host: 'web1.localhost' },
            agent,
            timeout: 5000,
          },
          res => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', c => {
              text += c;
            });
            res.on('end', () =>
              res.statusCode === 200 && names.has(text)
                ? resolve(text)
                : reject(new Error(`${res.statusCode} ${text.slice(0, 80)}`)),
            );
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', reject);
      });
    const pooled = loadLoop(4, ask(keepAlive));
    const fresh = loadLoop(2, ask(false));

    let previous = current;
    const outcomes: boolean[] = [];
    for (let i = 1; i <= 50; i++) {
      if (i % 5 === 0) {
        // Rollback: back to the previous release, still running.
        [current, previous] = [previous, current];
        const r = await router.apply([at('web1', [current.address])]);
        outcomes.push(r.changed && r.rejected.length === 0);
      } else if (i % 5 === 1) {
        // Scale up to two processes, then back to one.
        const extra = await upstream(`v${i}`);
        names.add(`v${i}`);
        await router.apply([at('web1', [current.address, extra.address])]);
        await router.apply([at('web1', [current.address])]);
        await drain();
        await extra.close();
      } else {
        // Deploy: start the new release, route to it, stop the old one (in-flight requests finish).
        const next = await upstream(`v${i}`);
        names.add(`v${i}`);
        await router.apply([at('web1', [next.address])]);
        if (previous !== current) {
          await drain();
          await previous.close();
        }
        previous = current;
        current = next;
      }
    }
    const results = [await pooled.stop(), await fresh.stop()];
    expect(outcomes).toEqual(Array(10).fill(true));
    keepAlive.destroy();
    expect(results.flatMap(r => r.failed.map(String))).toEqual([]);
    expect(results.every(r => r.ok.length > 50)).toBe(true);
    expect(await workers()).toEqual(before);
    expect((await get(options.httpPort, 'web1.localhost')).body).toBe(
      await nameOf(current),
    );
  });

  it('changes the endpoints of 1,000 apps without a reload', async () => {
    const [a, b] = [await upstream('a'), await upstream('b')];
    const apps = Array.from({ length: 1000 }, (_, i) => `app-${i}`);
    await router.apply(apps.map(app => at(app, [a.address])));
    const before = await workers();
    const live = fs.readFileSync(
      path.join(options.configDir, 'current', 'nginx.conf'),
      'utf8',
    );

    const result = await router.apply(apps.map(app => at(app, [b.address])));
    expect(result).toEqual({ changed: true, rejected: [] });
    expect(await workers()).toEqual(before);
    expect(
      fs.readFileSync(
        path.join(options.configDir, 'current', 'nginx.conf'),
        'utf8',
      ),
    ).toBe(live);
    const port = options.httpPort;
    const bodies: string[] = [];
    for (let i = 0; i < apps.length; i += 50) {
      const batch = apps.slice(i, i + 50);
      const answers = batch.map(app => get(port, `${app}.localhost`));
      bodies.push(...(await Promise.all(answers)).map(x => x.body));
    }
    expect(bodies).toEqual(apps.map(() => 'b'));
    // Scaled to zero: the no-web-process page, still without a reload.
    await router.apply(apps.map(app => at(app, [])));
    const idle = await get(options.httpPort, 'app-7.localhost');
    expect(idle.status).toBe(503);
    expect(idle.body).toContain('app-7 has no running web process');
    expect(await workers()).toEqual(before);
  });

  it('refuses a malformed or unauthenticated update as a whole; the old endpoints keep serving', async () => {
    const [a, b] = [await upstream('a'), await upstream('b')];
    await router.apply([at('web1', [a.address]), at('web2', [a.address])]);
    const post = (text: string, headers: Record<string, string> = {}) =>
      send(options.statusPort, 'POST', text, {
        'x-slipway-token': token(),
        ...headers,
      });

    for (const bad of [
      `set web1 ${b.address}\nset web2 999.0.0.1:80\n`,
      `set web1 ${b.address}\nset web2 127.0.0.1:0\n`,
      `set web1 ${b.address};proxy_pass\n`,
      `set web1 ${b.address}\nset Web_2 ${b.address}\n`,
      `set web1 ${b.address}\nset web1 ${b.address}\n`,
      `set web1 ${b.address}\nreplace\n`,
      `set web1 ${b.address}\nrm web2\n`,
      `set web1 localhost:80\n`,
    ]) {
      const answer = await post(bad);
      expect(answer.status).toBe(400);
    }
    expect(
      (await post(`set web1 ${b.address}\n`, { 'x-slipway-token': 'x' }))
        .status,
    ).toBe(403);
    expect(
      (await send(options.statusPort, 'POST', `set web1 ${b.address}\n`))
        .status,
    ).toBe(403);
    expect(await bodyOf('web1.localhost')).toBe('a');
    expect(await bodyOf('web2.localhost')).toBe('a');

    // Not through an app: an app routed to the status port cannot pass the token check,
    // and the public port has no such location.
    await router.apply([
      at('web1', [a.address]),
      at('web2', [`127.0.0.1:${options.statusPort}`]),
    ]);
    const through = await get(options.httpPort, 'web2.localhost', {
      path: ENDPOINTS_PATH,
      body: Buffer.from(`set web1 ${b.address}\n`),
    });
    expect(through.status).toBe(403);
    const direct = await get(options.httpPort, '127.0.0.1', {
      path: ENDPOINTS_PATH,
      body: Buffer.from(`set web1 ${b.address}\n`),
    });
    expect(direct.status).toBe(404);
    expect(await bodyOf('web1.localhost')).toBe('a');

    // A good update through the same door works (the router's own path).
    expect((await post(`set web1 ${b.address}\n`)).status).toBe(200);
    expect(await bodyOf('web1.localhost')).toBe('b');
  });

  it('serves the last endpoints at once when nginx restarts', async () => {
    const [a, b] = [await upstream('a'), await upstream('b')];
    await router.apply([at('web1', [a.address])]);
    await router.apply([at('web1', [b.address])]);
    // The endpoints file is written right after an apply answers; the next apply waits for it.
    await router.apply([at('web1', [b.address])]);
    const { master } = await workers();
    process.kill(master, 'SIGQUIT');
    // The supervisor starts a new master; init_by_lua loads the endpoints file.
    await waitFor(async () => {
      const pid = Number(
        fs.existsSync(options.pidFile)
          ? fs.readFileSync(options.pidFile, 'utf8').trim()
          : master,
      );
      return (
        pid !== master &&
        (await get(options.httpPort, 'web1.localhost').catch(() => undefined))
          ?.status === 200
      );
    });
    expect(await bodyOf('web1.localhost')).toBe('b');
  });
});

async function nameOf(u: { address: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`http://${u.address}/`, res => {
        let text = '';
        res.on('data', c => {
          text += c;
        });
        res.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
}

function send(
  port: number,
  method: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: ENDPOINTS_PATH,
        method,
        headers,
        agent: false,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', c => {
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
