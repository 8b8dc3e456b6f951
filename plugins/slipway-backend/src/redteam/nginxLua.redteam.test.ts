import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Route } from '@slipway/plugin-slipway-node';
import { NginxRouter } from '../routing/nginx/NginxRouter';
import { detectLua } from '../routing/nginx/lua/detect';
import { installLua } from '../routing/nginx/lua/endpoints';
import type { NginxOptions } from '../routing/nginx/options';
import { ENDPOINTS_PATH, nginxPaths } from '../routing/nginx/render';
import {
  get,
  route,
  startUpstream,
  tempDir,
  testOptions,
} from '../routing/nginx/testing/helpers';

jest.setTimeout(120_000);

// Red team of the nginx router's dynamic upstreams (issue #26): a tenant attacks the Lua endpoint
// dictionary and its loopback update endpoint. Needs libnginx-mod-http-lua + lua-resty-core (CI).
const describeLua = detectLua() || process.env.CI ? describe : describe.skip;

/** Sends raw bytes to 127.0.0.1:port; resolves with everything read until close or 3 s. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    socket.setEncoding('utf8');
    socket.setTimeout(3000, () => socket.end());
    socket.on('data', c => {
      out += c;
    });
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
    socket.write(text);
  });
}

/** An app process that counts its requests and drops the connection of `GET /drop` unanswered. */
async function droppingUpstream() {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    if (req.url === '/drop') req.socket.destroy();
    else res.end('ok');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describeLua('red team: nginx dynamic upstreams (Lua)', () => {
  let dir: string;
  let options: NginxOptions;
  let router: NginxRouter;
  const cleanups: (() => Promise<void>)[] = [];
  const at = (app: string, addresses: string[]): Route =>
    route(app, { upstream: { addresses } });
  const token = () =>
    fs.readFileSync(nginxPaths(options.configDir).luaToken, 'utf8').trim();
  /** What the dictionary holds for `app`, asked with the real token. */
  const held = async (app: string) =>
    (
      await get(options.statusPort, 'localhost', {
        path: `${ENDPOINTS_PATH}?app=${app}`,
        headers: { 'x-slipway-token': token() },
      })
    ).body.trim();

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

  it('public port: Host tricks, absolute URIs, path normalisation and HTTP/1.0 never reach the endpoint update', async () => {
    const victim = await startUpstream('victim');
    const attacker = await startUpstream('attacker');
    cleanups.push(victim.close, attacker.close);
    await router.apply([
      at('victim', [victim.address]),
      at('evil', [attacker.address]),
    ]);
    const update = `set victim ${attacker.address}\n`;
    const post = (target: string, host: string, version = '1.1') =>
      `POST ${target} HTTP/${version}\r\n${
        host ? `Host: ${host}\r\n` : ''
      }X-Slipway-Token: guess\r\nContent-Length: ${
        update.length
      }\r\nConnection: close\r\n\r\n${update}`;
    const status = `127.0.0.1:${options.statusPort}`;
    const shapes = [
      post(ENDPOINTS_PATH, status),
      post(ENDPOINTS_PATH, 'localhost'),
      post(ENDPOINTS_PATH, 'evil.localhost'),
      post(`http://${status}${ENDPOINTS_PATH}`, 'evil.localhost'),
      post(`http://${status}${ENDPOINTS_PATH}`, ''),
      post(`//slipway/endpoints`, 'evil.localhost'),
      post(`/%2Fslipway%2Fendpoints`, 'evil.localhost'),
      post(`/./slipway/../slipway/endpoints`, 'evil.localhost'),
      post(ENDPOINTS_PATH, '', '1.0'),
    ];
    for (const shape of shapes) await raw(options.httpPort, shape);
    expect(await held('victim')).toBe(victim.address);
    expect(await held('evil')).toBe(attacker.address);
    expect((await get(options.httpPort, 'victim.localhost')).body).toBe(
      'victim',
    );
  });

  it('status port: no update without the exact token, whatever the path shape', async () => {
    const victim = await startUpstream('victim');
    const attacker = await startUpstream('attacker');
    cleanups.push(victim.close, attacker.close);
    await router.apply([at('victim', [victim.address])]);
    const update = `replace\nset victim ${attacker.address}\n`;
    const real = token();
    const tokens = [
      undefined,
      '',
      'guess',
      `${real}x`,
      ` ${real}0`,
      real.toUpperCase(),
      real.slice(0, 63),
    ];
    const paths = [
      ENDPOINTS_PATH,
      '//slipway/endpoints',
      '/slipway/./endpoints',
      '/slipway%2Fendpoints',
      '/slipway/endpoints/',
    ];
    const statuses = new Set<number>();
    for (const t of tokens) {
      for (const p of paths) {
        const answer = await get(options.statusPort, 'localhost', {
          path: p,
          headers: t === undefined ? {} : { 'x-slipway-token': t },
          body: Buffer.from(update),
        });
        statuses.add(answer.status);
      }
    }
    expect([...statuses].sort()).toEqual([403, 404]);
    // Duplicate headers: a wrong first token with the real one second is still refused.
    const dup = await raw(
      options.statusPort,
      `POST ${ENDPOINTS_PATH} HTTP/1.1\r\nHost: x\r\nX-Slipway-Token: guess\r\nX-Slipway-Token: guess2\r\nContent-Length: ${update.length}\r\nConnection: close\r\n\r\n${update}`,
    );
    expect(dup).toMatch(/^HTTP\/1.1 403/);
    expect(await held('victim')).toBe(victim.address);
  });

  it('a GET to a one-process app is not sent twice when the process drops the connection', async () => {
    const app = await droppingUpstream();
    cleanups.push(app.close);
    await router.apply([at('single', [app.address])]);
    const answer = await get(options.httpPort, 'single.localhost', {
      path: '/drop',
    });
    expect(answer.status).toBe(502);
    expect(app.hits()).toBe(1);
  });

  it('a GET dropped by every process of a two-process app goes to each process once', async () => {
    const [a, b] = [await droppingUpstream(), await droppingUpstream()];
    cleanups.push(a.close, b.close);
    await router.apply([at('pair', [a.address, b.address])]);
    const answer = await get(options.httpPort, 'pair.localhost', {
      path: '/drop',
    });
    expect(answer.status).toBe(502);
    expect([a.hits(), b.hits()]).toEqual([1, 1]);
  });

  it('concurrent requests retry a refusing process on the live one, not on the refusing one again', async () => {
    const live = await startUpstream('live');
    cleanups.push(live.close);
    const gone = await startUpstream('gone');
    await gone.close();
    await router.apply([at('half', [gone.address, live.address])]);
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => get(options.httpPort, 'half.localhost')),
    );
    expect(answers.filter(a => a.status !== 200).map(a => a.status)).toEqual(
      [],
    );
  });

  it('a POST that was sent is not replayed on another process when the first drops the connection', async () => {
    const [a, b] = [await droppingUpstream(), await droppingUpstream()];
    cleanups.push(a.close, b.close);
    await router.apply([at('pair', [a.address, b.address])]);
    const answer = await get(options.httpPort, 'pair.localhost', {
      path: '/drop',
      body: Buffer.from('pay once'),
    });
    expect(answer.status).toBe(502);
    expect(a.hits() + b.hits()).toBe(1);
  });

  it('apps with no endpoints, IPv6 or host names serve beside dynamic ones', async () => {
    const four = await startUpstream('four');
    const six = http.createServer((_req, res) => res.end('six'));
    await new Promise<void>(resolve => six.listen(0, '::1', resolve));
    const sixPort = (six.address() as net.AddressInfo).port;
    cleanups.push(four.close, async () => {
      six.closeAllConnections();
      await new Promise<void>(resolve => six.close(() => resolve()));
    });
    const result = await router.apply([
      at('four', [four.address]),
      at('none', []),
      at('six', [`[::1]:${sixPort}`]),
      at('named', [`localhost:${four.address.split(':')[1]}`]),
    ]);
    expect(result.rejected).toEqual([]);
    expect((await get(options.httpPort, 'four.localhost')).body).toBe('four');
    expect((await get(options.httpPort, 'six.localhost')).body).toBe('six');
    expect((await get(options.httpPort, 'named.localhost')).body).toBe('four');
    const none = await get(options.httpPort, 'none.localhost');
    expect(none.status).toBe(503);
    expect(none.body).toContain('none has no running web process');
    expect(await held('six')).toBe('no endpoints');
  });

  /** Opens `count` connections to the public port, each writing `text`; waits until all are up. */
  const flood = async (count: number, text: string) => {
    const sockets: net.Socket[] = [];
    for (let i = 0; i < count; i++) {
      const socket = net.connect(options.httpPort, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(text);
      sockets.push(socket);
    }
    // Until every connection is up (at most 20 s).
    for (let t = 0; t < 40 && sockets.some(s => s.connecting); t++) {
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    return () => sockets.forEach(s => s.destroy());
  };
  /** Whether the victim still answers and the router can still change its endpoints. */
  const victimAndUpdates = async (victim: string, next: string) => {
    const [page, update] = await Promise.allSettled([
      get(options.httpPort, 'victim.localhost'),
      router.apply([at('victim', [next])]),
    ]);
    return {
      page: page.status === 'fulfilled' ? page.value.body : String(page.reason),
      update: update.status,
      victim,
    };
  };

  it('a slowloris flood (4,200 unfinished requests) leaves other apps and endpoint updates working', async () => {
    const victim = await startUpstream('victim');
    const next = await startUpstream('next');
    cleanups.push(victim.close, next.close);
    await router.apply([at('victim', [victim.address])]);
    // nginx drains connections still reading their request ("reusing connections").
    const stop = await flood(
      4200,
      'GET / HTTP/1.1\r\nHost: evil.localhost\r\n',
    );
    try {
      expect(await victimAndUpdates(victim.address, next.address)).toEqual({
        page: 'victim',
        update: 'fulfilled',
        victim: victim.address,
      });
    } finally {
      stop();
    }
  });

  it('the token file is made 0600 even when it was left readable', async () => {
    const configDir = path.join(dir, 'loose');
    const p = nginxPaths(configDir);
    fs.mkdirSync(p.lua, { recursive: true });
    fs.writeFileSync(p.luaToken, `${'ab'.repeat(32)}\n`, { mode: 0o644 });
    await installLua(configDir);
    expect(fs.statSync(p.luaToken).mode & 0o777).toBe(0o600);
  });

  it('the token is in no output: config, command line, logs, errors', async () => {
    const victim = await startUpstream('victim');
    cleanups.push(victim.close);
    const logger = mockServices.logger.mock();
    await router.close();
    router = new NginxRouter(options, logger);
    await router.apply([at('victim', [victim.address])]);
    const secret = token();
    const master = fs.readFileSync(options.pidFile, 'utf8').trim();
    const texts = [
      fs.readFileSync(nginxPaths(options.configDir).liveConfig, 'utf8'),
      fs.readFileSync(`/proc/${master}/cmdline`, 'utf8'),
      fs.readFileSync(`/proc/${master}/environ`, 'utf8'),
      fs.readFileSync(nginxPaths(options.configDir).errorLog, 'utf8'),
      fs.readFileSync(nginxPaths(options.configDir).luaState, 'utf8'),
      JSON.stringify(
        Object.values(logger).flatMap(f =>
          jest.isMockFunction(f) ? f.mock.calls : [],
        ),
      ),
      (await get(options.statusPort, 'x', { path: '/slipway/config' })).body,
    ];
    for (const text of texts) expect(text).not.toContain(secret);
  });
});
