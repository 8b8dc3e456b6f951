import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { Probe } from '@slipway/plugin-slipway-common';
import type { Sandbox, SandboxedSpawn } from '../../sandbox';
import {
  describeWithBubblewrap,
  testBubblewrap,
} from '../../sandbox/__testUtils__/testSandbox';
import { LocalRuntime } from './LocalRuntime';
import { readinessPeriodMs } from './ProcessInstance';
import {
  desired,
  makeDataDir,
  testSettings,
  writeSlug,
} from './testing/fixtures';

jest.setTimeout(60_000);

/*
 * Attacks through health checks (red team H2, M7): a tenant names any port and path in its
 * checks. Before the fix an http or tcp check connected from the host to 127.0.0.1:<port> (a port
 * scanner of the host's loopback services, answered through the release status), ~37 times a
 * second; an exec check started a whole sandbox every 25 ms.
 */

/** The app: answers 200 on $PORT, and 503 on each port of EXTRA_PORTS (where the host has a service too). */
const APP = `
const http = require('http');
const serve = (port, status) => http.createServer((q, r) => { r.writeHead(status); r.end('APP ' + status); }).listen(port, '127.0.0.1');
serve(Number(process.env.PORT), 200);
for (const port of (process.env.EXTRA_PORTS || '').split(',').filter(Boolean)) serve(Number(port), 503);
`;

const portOf = (server: net.Server) =>
  (server.address() as net.AddressInfo).port;
const listening = (server: net.Server) =>
  new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));

const ownNetwork = testBubblewrap?.network !== undefined;

describeWithBubblewrap('health checks of a sandboxed process', sandbox => {
  if (!ownNetwork) {
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`needs root and pasta: ${sandbox.weakness}`, () => {});
    return;
  }
  let dataDir: string;
  let local: LocalRuntime;
  /** A host service on loopback (the backend, PostgreSQL...): what checks must never reach. */
  let hostHttp: http.Server;
  let hostTcp: net.Server;
  let reached = 0;
  /** Sandboxes the runtime started for exec checks. */
  let execChecks = 0;

  beforeEach(async () => {
    reached = 0;
    execChecks = 0;
    dataDir = await makeDataDir();
    hostHttp = http.createServer((_q, r) => {
      reached++;
      r.end('HOST SECRET');
    });
    hostTcp = net.createServer(socket => {
      reached++;
      socket.destroy();
    });
    await Promise.all([listening(hostHttp), listening(hostTcp)]);
    const counting: Sandbox = Object.create(sandbox);
    counting.spawn = (spec: SandboxedSpawn) => {
      if (spec.stdio === 'ignore' && spec.timeoutMs) execChecks++;
      return sandbox.spawn(spec);
    };
    local = new LocalRuntime(
      testSettings(dataDir),
      mockServices.logger.mock(),
      counting,
    );
  });

  afterEach(async () => {
    await local.close();
    await Promise.all(
      [hostHttp, hostTcp].map(server => new Promise(r => server.close(r))),
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const deploy = async (readiness: Probe, extraPorts: number[] = []) =>
    local.apply(
      desired('shop', 2, await writeSlug(dataDir, { 'app.js': APP }), {
        procfile: { web: 'node app.js' },
        deployTimeout: 4,
        config: {
          values: { EXTRA_PORTS: extraPorts.join(',') },
          healthchecks: { web: { readiness } },
        },
      }),
    );

  it('an http check naming a host service reaches the app on that port in its own namespace, never the host', async () => {
    const port = portOf(hostHttp);
    const result = await deploy(
      { type: 'http', port, path: '/api/slipway/health' },
      [port],
    );
    // The app answers 503 on that port; the host's 200 was never asked.
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/did not become ready within 4s/);
    expect(reached).toBe(0);
  });

  it('a tcp check naming a host service connects inside the sandbox only', async () => {
    const port = portOf(hostTcp);
    // Nothing listens on that port in the sandbox: not ready, though the host's port accepts.
    expect((await deploy({ type: 'tcp', port })).status).toBe('failed');
    // The app listens there itself: ready, and the host service still saw nothing.
    expect((await deploy({ type: 'tcp', port }, [port])).status).toBe('ready');
    expect(reached).toBe(0);
  });

  it('an http check of its own port passes from inside', async () => {
    const result = await deploy({ type: 'http', path: '/' });
    expect(result.status).toBe('ready');
  });

  it('a failing exec check starts at most one sandbox a second (not one every 25 ms)', async () => {
    const result = await deploy({ type: 'exec', command: ['false'] });
    expect(result.status).toBe('failed');
    // 4 s of deploy timeout: at most 5 checks (one at once, then one a second).
    expect(execChecks).toBeGreaterThan(0);
    expect(execChecks).toBeLessThanOrEqual(5);
  });
});

describe('readinessPeriodMs', () => {
  it('honours periodSeconds with a floor of 1 s; only the default port check polls fast', () => {
    expect(readinessPeriodMs({ type: 'exec', command: ['x'] }, 5000)).toBe(
      1000,
    );
    expect(
      readinessPeriodMs(
        { type: 'exec', command: ['x'], periodSeconds: 0.01 },
        5000,
      ),
    ).toBe(1000);
    expect(
      readinessPeriodMs({ type: 'http', path: '/', periodSeconds: 5 }, 5000),
    ).toBe(5000);
    expect(readinessPeriodMs({ type: 'tcp', port: 5432 }, 5000)).toBe(1000);
    expect(readinessPeriodMs({ type: 'tcp' }, 5000)).toBe(25);
  });
});
