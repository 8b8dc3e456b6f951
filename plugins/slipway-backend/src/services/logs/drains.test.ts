import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { selfSignedCertificate } from '../../routing/builtin/testing/http';
import { eventually } from '../../runtime/local/testing/fixtures';
import type { DrainRecord, Ledger, NewLogLine } from '../../ledger';
import { DrainHub } from './DrainHub';
import {
  addressProblem,
  checkDrainHost,
  drainAddressPolicy,
} from './drainAddresses';
import { maskDrainUrl, parseDrainUrl } from '../../domain/drainUrl';

jest.setTimeout(60_000);

/** Ports of this helper's range (17500-17599) for the receivers the tests start. */
const SYSLOG_PORT = 17514;
const CLOSED_PORT = 17519;

const SECRET = 'tok-3n-of-the-shop';
/** The ledger a hub reads: no stored drains, and a config value of shop's to mask. */
const ledger = {
  drains: { list: async () => [] },
  releases: {
    newestOf: async () =>
      new Map([['shop', [{ config: { values: { TOKEN: SECRET } } }]]]),
  },
} as unknown as Pick<Ledger, 'drains' | 'releases'>;

const loopback = drainAddressPolicy(['127.0.0.0/8', '::1/128'], [7007]);

const lines = (count: number): NewLogLine[] =>
  Array.from({ length: count }, (_, i) => ({
    app: 'shop',
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
    kind: i % 10 === 0 ? 'router' : 'app',
    source: i % 10 === 0 ? 'router' : 'web.1',
    release: 7,
    line: `line ${i + 1}${i === 4 ? ` with ${SECRET}` : ''}`,
  }));

const drain = (url: string): DrainRecord => ({
  id: `d-${url}`,
  app: 'shop',
  url,
  display: maskDrainUrl(url),
  createdBy: 'user:default/jane',
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('log drains', () => {
  const hubs: DrainHub[] = [];
  const hub = (options: { buffer?: number; ca?: string } = {}) => {
    const made = new DrainHub({
      ledger,
      logger: mockServices.logger.mock(),
      policy: loopback,
      buffer: options.buffer ?? 10_000,
      ca: options.ca,
    });
    hubs.push(made);
    return made;
  };
  afterEach(() => hubs.splice(0).forEach(h => h.close()));

  it('sends every line in order to rsyslog as RFC 5424 syslog, masked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rsyslog-'));
    const out = path.join(dir, 'out.log');
    fs.writeFileSync(
      path.join(dir, 'rsyslog.conf'),
      `global(workDirectory="${dir}")
module(load="imtcp")
template(name="drain" type="string" string="%hostname% %app-name% %procid% %msg%\\n")
ruleset(name="drain") {
  action(type="omfile" file="${out}" template="drain" flushOnTXEnd="on" asyncWriting="off")
}
input(type="imtcp" address="127.0.0.1" port="${SYSLOG_PORT}" ruleset="drain")
`,
    );
    const rsyslog: ChildProcess = spawn(
      '/usr/sbin/rsyslogd',
      ['-n', '-f', path.join(dir, 'rsyslog.conf'), '-i', path.join(dir, 'pid')],
      { stdio: 'ignore' },
    );
    try {
      const h = hub();
      await h.add(drain(`syslog://127.0.0.1:${SYSLOG_PORT}`));
      // rsyslog may still be starting: the drain retries, nothing is lost.
      for (const line of lines(1000)) h.deliver(line);
      const received = await eventually(() => {
        const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
        const got = text.split('\n').filter(Boolean);
        return got.length >= 1000 ? got : undefined;
      }, 30_000);
      expect(received).toHaveLength(1000);
      expect(received.map(l => l.split(' ').slice(3).join(' '))).toEqual(
        lines(1000).map(l => l.line.replace(SECRET, '***')),
      );
      expect(received[0]).toBe('shop router router line 1');
      expect(received[1]).toBe('shop app web.1 line 2');
      expect(received[4]).toBe('shop app web.1 line 5 with ***');
      expect(h.sender(`d-syslog://127.0.0.1:${SYSLOG_PORT}`)).toMatchObject({
        sent: 1000,
        dropped: 0,
      });
    } finally {
      rsyslog.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('POSTs every line in order as NDJSON to an HTTPS drain, with its credentials', async () => {
    const { certificate, key } = selfSignedCertificate(['localhost']);
    const bodies: { auth?: string; type?: string; body: string }[] = [];
    const server = https.createServer(
      { cert: certificate, key },
      (req, res) => {
        let body = '';
        req.on('data', chunk => {
          body += chunk;
        });
        req.on('end', () => {
          bodies.push({
            auth: req.headers.authorization,
            type: req.headers['content-type'],
            body,
          });
          res.end();
        });
      },
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const h = hub({ ca: certificate });
      const url = `https://drain:pa55word@localhost:${port}/ingest?token=abc`;
      await h.add(drain(url));
      for (const line of lines(1200)) h.deliver(line);
      const received = await eventually(() => {
        const got = bodies.flatMap(b => b.body.split('\n').filter(Boolean));
        return got.length >= 1200 ? got.map(l => JSON.parse(l)) : undefined;
      });
      expect(received.map(l => l.line)).toEqual(
        lines(1200).map(l => l.line.replace(SECRET, '***')),
      );
      expect(received[0]).toEqual({
        time: '2026-01-01T00:00:00.000Z',
        app: 'shop',
        kind: 'router',
        source: 'router',
        release: 7,
        line: 'line 1',
      });
      // In batches, with the URL's user and password as Basic auth.
      expect(bodies.length).toBeGreaterThan(1);
      expect(bodies[0].type).toBe('application/x-ndjson');
      expect(bodies[0].auth).toBe(
        `Basic ${Buffer.from('drain:pa55word').toString('base64')}`,
      );
      expect(maskDrainUrl(url)).toBe(
        `https://***:***@localhost:${port}/ingest?token=***`,
      );
    } finally {
      server.close();
    }
  });

  it('a drain that refuses connections loses only what its buffer cannot hold, without holding anyone up', async () => {
    const h = hub({ buffer: 100 });
    const id = `d-syslog://127.0.0.1:${CLOSED_PORT}`;
    await h.add(drain(`syslog://127.0.0.1:${CLOSED_PORT}`));
    const started = process.hrtime.bigint();
    for (const line of lines(5000)) h.deliver(line);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const sender = h.sender(id)!;
    expect(sender.sent).toBe(0);
    expect(sender.dropped).toBe(4900);
    await eventually(() => sender.lastError);
    expect(sender.lastError).toMatch(/ECONNREFUSED/);
    // Queuing is all the caller pays (generous bound: a shared CI machine).
    expect(ms).toBeLessThan(1000);
  });

  it('refuses loopback, private, link-local and reserved addresses unless allowed, and the backend’s own ports', async () => {
    const none = drainAddressPolicy([], [7007]);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::ffff:127.0.0.1',
      'fd00::1',
      'fe80::1',
    ]) {
      expect({ address, problem: addressProblem(none, address, 443) }).toEqual({
        address,
        problem: expect.stringMatching(/loopback, private/),
      });
    }
    expect(addressProblem(none, '1.1.1.1', 443)).toBeUndefined();
    expect(await checkDrainHost(none, 'localhost', 443)).toMatch(/loopback/);
    expect(addressProblem(loopback, '127.0.0.1', 6514)).toBeUndefined();
    expect(addressProblem(loopback, '127.0.0.1', 7007)).toMatch(/own ports/);

    // At connect time too: a stored drain whose name now resolves to loopback sends nothing.
    const h = new DrainHub({
      ledger,
      logger: mockServices.logger.mock(),
      policy: none,
      buffer: 100,
    });
    hubs.push(h);
    for (const url of [
      `syslog://localhost:${CLOSED_PORT}`,
      `syslog://127.0.0.1:${CLOSED_PORT}`,
      `https://localhost:${CLOSED_PORT}/`,
    ]) {
      await h.add(drain(url));
      h.deliver(lines(1)[0]);
      const sender = h.sender(`d-${url}`)!;
      await eventually(() => sender.lastError);
      expect({ url, error: sender.lastError }).toEqual({
        url,
        error: expect.stringMatching(/drain refused: .*loopback/),
      });
    }
  });

  it('parses drain URLs and says what is wrong', () => {
    expect(parseDrainUrl('syslog+tls://logs.example.com')).toEqual({
      protocol: 'syslog+tls',
      host: 'logs.example.com',
      port: 6514,
    });
    expect(parseDrainUrl('syslog://logs.example.com:1514')).toMatchObject({
      port: 1514,
    });
    expect(parseDrainUrl('https://[::1]:8443/x')).toMatchObject({
      host: '::1',
      port: 8443,
    });
    for (const bad of [
      'ftp://x.example.com',
      'http://x.example.com',
      'syslog://user:pw@x.example.com',
      'syslog://x.example.com/path',
      'not a url',
      `https://x.example.com/${'a'.repeat(2050)}`,
    ])
      expect(typeof parseDrainUrl(bad)).toBe('string');
  });
});
