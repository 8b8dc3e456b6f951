import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';
import { SecretBox } from '../../../crypto';
import { Ledger } from '../../../ledger';
import { RequestRecorder } from '../../../metrics/RequestRecorder';
import { buildSeries } from '../../../metrics/series';
import { minuteOf } from '../../../metrics/types';
import { requestSampleOf } from '../../../metrics/requestSample';
import { LogRetainer } from '../../../services/logs/LogRetainer';
import { NginxRouter } from '../NginxRouter';
import { workerPids } from '../nginxMaster';
import type { NginxOptions } from '../options';
import {
  get,
  route,
  startUpstream,
  tempDir,
  testOptions,
} from '../testing/helpers';
import { feedPaths } from './feedFiles';

jest.setTimeout(90_000);

const until = async <T>(
  check: () => T | undefined | false,
  ms = 10_000,
): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
};

/** A raw request, so the target can be absolute-form or the client can leave early. */
function raw(port: number, text: string, leaveAfterMs?: number) {
  return new Promise<string>(resolve => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', c => {
      answer += c;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    if (leaveAfterMs) setTimeout(() => socket.destroy(), leaveAfterMs);
  });
}

describe('the nginx router reports a line per request (router lines and metrics)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let dir: string;
  let options: NginxOptions;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = tempDir();
    options = await testOptions(dir);
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const newRouter = (extra: Partial<NginxOptions> = {}) => {
    const router = new NginxRouter(
      { ...options, ...extra },
      mockServices.logger.mock(),
    );
    cleanups.push(() => router.close());
    return router;
  };

  it('counts real traffic exactly and retains its lines, never a query string value', async () => {
    const upstream = await startUpstream('a');
    cleanups.push(upstream.close);
    const knex = await databases.init('SQLITE_3');
    const ledger = await Ledger.create({
      database: { getClient: async () => knex },
      box: new SecretBox(Buffer.alloc(32, 1)),
    });
    const retainer = new LogRetainer({
      ledger,
      logger: mockServices.logger.mock(),
      retention: { maxLines: 10_000, maxBytes: 1024 * 1024 },
      flushMs: 20,
    });
    cleanups.push(() => retainer.close());
    const recorder = new RequestRecorder();
    const router = newRouter();
    const seen: AccessLogEntry[] = [];
    // As the plugin wires it: one feed, both consumers.
    router.onAccessLog(entry => recorder.record(requestSampleOf(entry)));
    router.onAccessLog(entry => retainer.request(entry));
    router.onAccessLog(entry => seen.push(entry));
    await router.apply([
      route('shop', { upstream: { addresses: [upstream.address] } }),
      route('closed', { maintenance: true, upstream: { addresses: [] } }),
    ]);
    const port = options.httpPort;
    const started = Date.now();

    for (let i = 0; i < 20; i++) {
      const answer = await get(port, 'shop.localhost', {
        path: `/cart?token=s3cret${i}`,
      });
      expect(answer.status).toBe(200);
    }
    expect((await get(port, 'shop.localhost', { path: '/big' })).body).toBe(
      'a'.repeat(4096),
    );
    for (let i = 0; i < 3; i++)
      expect((await get(port, 'closed.localhost')).status).toBe(503);
    // Hosts no app claims belong to no app.
    for (let i = 0; i < 2; i++)
      expect((await get(port, 'nobody.localhost')).status).toBe(404);
    // Absolute-form target: the path only. With credentials nginx refuses it before any app.
    expect(
      await raw(
        port,
        'GET http://shop.localhost/abs?token=s3cretabs HTTP/1.1\r\nHost: shop.localhost\r\nConnection: close\r\n\r\n',
      ),
    ).toMatch(/^HTTP\/1\.1 200/);
    expect(
      await raw(
        port,
        'GET http://user:s3cretpw@shop.localhost/abs HTTP/1.1\r\nHost: shop.localhost\r\nConnection: close\r\n\r\n',
      ),
    ).toMatch(/^HTTP\/1\.1 400/);
    // A client gone before the answer (/slow takes 3 s): nginx's 499.
    await raw(port, 'GET /slow HTTP/1.1\r\nHost: shop.localhost\r\n\r\n', 300);

    await until(() => seen.length >= 26);
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(seen).toHaveLength(26);
    const shop = seen.filter(e => e.app === 'shop');
    expect(shop).toHaveLength(23);
    expect(seen.filter(e => e.app === 'closed')).toHaveLength(3);
    expect(JSON.stringify(seen)).not.toContain('s3cret');
    expect(shop.filter(e => e.path === '/cart')).toHaveLength(20);
    expect(shop.find(e => e.path === '/big')).toMatchObject({
      method: 'GET',
      status: 200,
      bytes: 4096,
      client: '127.0.0.1',
    });
    expect(shop.find(e => e.path === '/abs')).toMatchObject({ status: 200 });
    const gone = shop.find(e => e.path === '/slow')!;
    expect(gone.status).toBe(499);
    expect(gone.durationMs).toBeGreaterThanOrEqual(250);
    expect(gone.durationMs).toBeLessThan(3000);
    for (const e of seen) {
      expect(Date.parse(e.time)).toBeGreaterThanOrEqual(
        Math.floor(started / 1000) * 1000,
      );
      expect(Date.parse(e.time)).toBeLessThanOrEqual(Date.now());
    }

    // Metrics: the series counts each request once, by status class, with the bytes sent.
    const ended = Date.now();
    const window = {
      from: minuteOf(started),
      to: minuteOf(ended) + 1,
      stepMinutes: minuteOf(ended) + 1 - minuteOf(started),
    };
    const points = recorder.drain();
    const series = buildSeries(
      window,
      points.filter(p => p.app === 'shop'),
      [],
    );
    expect(series.requests['2xx']).toEqual([22]);
    expect(series.requests['4xx']).toEqual([1]);
    expect(series.requests['5xx']).toEqual([0]);
    expect(series.bytesOut[0]).toBe(shop.reduce((sum, e) => sum + e.bytes, 0));
    expect(series.bytesOut[0]).toBe(20 * 1 + 4096 + 1);
    const closed = buildSeries(
      window,
      points.filter(p => p.app === 'closed'),
      [],
    );
    expect(closed.requests['5xx']).toEqual([3]);
    // Written to and read back from the ledger's store, as GET /apps/:app/metrics reads it.
    await ledger.metrics.insertRequests(points);
    const stored = await ledger.metrics.requests(
      'shop',
      window.from,
      window.to,
    );
    expect(buildSeries(window, stored, [])).toEqual(series);

    // Retained logs: the router's lines, found by text, without the query's values.
    await retainer.flush();
    const lines = await ledger.logs.list('shop', { kind: 'router' }, 'asc', {
      limit: 100,
    });
    expect(lines.items).toHaveLength(23);
    expect(lines.items.map(l => l.line).join('\n')).not.toContain('s3cret');
    expect(lines.items[0]).toMatchObject({
      source: 'router',
      processType: 'router',
    });
    const found = await ledger.logs.list('shop', { q: 'status=499' }, 'desc', {
      limit: 10,
    });
    expect(found.items.map(l => l.line)).toEqual([
      expect.stringMatching(
        /^method=GET path="\/slow" status=499 duration=\d+ms bytes=0 client=127\.0\.0\.1$/,
      ),
    ]);
    // nginx's own access log file holds no query string values either. nginx writes it from a
    // 64k buffer at most a second later (`flush=1s`), so wait for the line.
    const readAccessLog = () =>
      fs.readFileSync(
        path.join(options.configDir, 'logs', 'access.log'),
        'utf8',
      );
    for (let i = 0; i < 50 && !readAccessLog().includes('"uri":"/cart"'); i++)
      await new Promise(resolve => setTimeout(resolve, 100));
    const file = readAccessLog();
    expect(file).toContain('"uri":"/cart"');
    expect(file).not.toContain('s3cret');
  });

  it('keeps its secret out of nginx.conf: a restarted backend applies the same state without a reload, and forged lines are refused', async () => {
    const upstream = await startUpstream('a');
    cleanups.push(upstream.close);
    const table = [
      route('shop', { upstream: { addresses: [upstream.address] } }),
    ];
    const first = newRouter();
    await first.apply(table);
    const format = feedPaths(options.configDir).format;
    expect(fs.statSync(format).mode & 0o777).toBe(0o600);
    const secret = /"key":"([0-9a-f]+)"/.exec(
      fs.readFileSync(format, 'utf8'),
    )![1];
    const conf = fs.readFileSync(
      path.join(options.configDir, 'current', 'nginx.conf'),
      'utf8',
    );
    expect(conf).not.toContain(secret);
    expect(conf).toContain(`syslog:server=127.0.0.1:${options.accessLogPort}`);

    const master = fs.readFileSync(options.pidFile, 'utf8').trim();
    const workers = await workerPids(Number(master));
    // The backend restarts (nginx keeps running): same state, same bytes, no reload.
    const second = newRouter({ manage: false });
    const seen: AccessLogEntry[] = [];
    second.onAccessLog(entry => seen.push(entry));
    expect(await second.apply(table)).toEqual({ changed: false, rejected: [] });
    expect(await workerPids(Number(master))).toEqual(workers);
    expect(fs.readFileSync(format, 'utf8')).toContain(secret);

    // Lines forged by something else on the host: a wrong secret, no app, not JSON. The same line
    // with the secret is taken (so the others were refused for what they lack).
    const forge = dgram.createSocket('udp4');
    const feedPort = options.accessLogPort!;
    const line = (key: string, app: string, p: string) =>
      `<190>Dec  5 09:42:47 slipway: {"key":"${key}","app":"${app}","msec":1700000000.000,"request_time":0.001,"method":"GET","path":"${p}","status":200,"bytes":1,"client":"10.0.0.1"}`;
    const forged = [
      line('0'.repeat(48), 'shop', '/wrong-key'),
      line(secret, '', '/no-app'),
      'junk',
      line(secret, 'shop', '/with-key'),
    ];
    for (const text of forged)
      await new Promise(resolve =>
        forge.send(text, feedPort, '127.0.0.1', resolve),
      );
    forge.close();
    await until(() => seen.length >= 1);
    expect((await get(options.httpPort, 'shop.localhost')).body).toBe('a');
    await until(() => seen.length >= 2);
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(seen.map(e => e.path)).toEqual(['/with-key', '/']);
  });
});
