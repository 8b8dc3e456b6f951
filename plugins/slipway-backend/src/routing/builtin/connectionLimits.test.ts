import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { BubblewrapSandbox, readSandboxSettings } from '../../sandbox';
import { describeWithBubblewrap } from '../../sandbox/__testUtils__/testSandbox';
import { BuiltinRouter } from './BuiltinRouter';
import { readBuiltinRouterSettings, type BuiltinRouterLimits } from './config';
import {
  freePort,
  send,
  startUpstream,
  testRoute,
  type TestUpstream,
} from './testing/http';

jest.setTimeout(60_000);

/*
 * Attacks on the builtin router itself: a slowloris client that never finishes its headers, and a
 * flood of idle connections. Before the fix both held the router's connections for as long as
 * the attacker liked (no cap, no header timeout but Node's 60 s, checked every 30 s).
 */

/** A raw connection from `from` (another loopback address is another client). */
function connect(port: number, from = '127.0.0.1') {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress: from });
  const received: Buffer[] = [];
  socket.on('data', chunk => received.push(Buffer.from(chunk)));
  socket.on('error', () => undefined);
  const closed = new Promise<string>(resolve =>
    socket.once('close', () => resolve(Buffer.concat(received).toString())),
  );
  const connected = new Promise<void>(resolve =>
    socket.once('connect', () => resolve()),
  );
  return { socket, closed, connected };
}

describe('the builtin router under attack', () => {
  let router: BuiltinRouter;
  let upstream: TestUpstream;
  let port: number;

  const start = async (limits: Partial<BuiltinRouterLimits>) => {
    upstream = await startUpstream('alpha');
    router = new BuiltinRouter({
      httpPort: 0,
      httpsPort: 0,
      host: '127.0.0.1',
      platformDomain: 'localhost',
      ...limits,
    });
    await router.apply([
      testRoute('alpha', { upstream: { addresses: [upstream.address] } }),
      testRoute('beta', { upstream: { addresses: [upstream.address] } }),
    ]);
    port = router.listening()!.httpPort;
  };

  afterEach(async () => {
    await router.close();
    await upstream.close();
  });

  it('cuts off a client that trickles its headers (slowloris), and answers others meanwhile', async () => {
    await start({ headersTimeout: 1 });
    const slow = connect(port, '127.0.0.2');
    await slow.connected;
    slow.socket.write('GET / HTTP/1.1\r\nHost: alpha.localhost\r\n');
    // One more header line every 100 ms, for at most 30 s: the router must end it first.
    let cutOff = false;
    slow.closed.then(() => (cutOff = true));
    for (let i = 0; i < 300 && !cutOff; i++) {
      if (!slow.socket.destroyed) slow.socket.write(`X-Slow-${i}: 1\r\n`);
      expect((await send(port, 'beta.localhost')).status).toBe(200);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(cutOff).toBe(true);
    expect(await slow.closed).toMatch(/^(HTTP\/1\.1 408|)/);
  });

  it('cuts off clients that connect and say nothing, over http and before a TLS handshake', async () => {
    await start({ headersTimeout: 1 });
    const silent = connect(port, '127.0.0.2');
    const silentTls = connect(router.listening()!.httpsPort, '127.0.0.2');
    await Promise.all([silent.connected, silentTls.connected]);
    // Both end without the client doing anything (the test's own timeout would end it otherwise).
    await Promise.all([silent.closed, silentTls.closed]);
    expect((await send(port, 'alpha.localhost')).status).toBe(200);
  });

  it('refuses connections past the cap per client address, while other clients (and apps) are answered', async () => {
    await start({ maxConnectionsPerClient: 5 });
    const flood = Array.from({ length: 20 }, () => connect(port, '127.0.0.2'));
    await new Promise<void>(resolve => {
      let refused = 0;
      const counted = () => {
        refused++;
        if (refused === 15) resolve();
      };
      flood.forEach(c => c.closed.then(counted));
    });
    expect(flood.filter(c => !c.socket.destroyed)).toHaveLength(5);
    // Another client is answered, for any app.
    expect((await send(port, 'alpha.localhost')).status).toBe(200);
    expect((await send(port, 'beta.localhost')).status).toBe(200);
    // Once the flood ends, its address may connect again.
    const ended = flood.filter(c => !c.socket.destroyed);
    ended.forEach(c => c.socket.destroy());
    await Promise.all(ended.map(c => c.closed));
    // (The router sees the closes a moment later: a few attempts, each waiting for its answer.)
    let answer = '';
    for (let attempt = 0; attempt < 50 && !answer; attempt++) {
      const again = connect(port, '127.0.0.2');
      again.socket.write(
        'GET / HTTP/1.1\r\nHost: alpha.localhost\r\nConnection: close\r\n\r\n',
      );
      answer = await again.closed;
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses connections past the global cap, from any address', async () => {
    await start({ maxConnections: 4 });
    const held = Array.from({ length: 4 }, () => connect(port, '127.0.0.2'));
    await Promise.all(held.map(c => c.connected));
    // The server counts a connection when it accepts it: one request through each first.
    for (const c of held)
      c.socket.write('GET / HTTP/1.1\r\nHost: alpha.localhost\r\n\r\n');
    await Promise.all(
      held.map(c => new Promise(resolve => c.socket.once('data', resolve))),
    );
    const late = connect(port, '127.0.0.3');
    expect(await late.closed).toBe('');
    held.forEach(c => c.socket.destroy());
  });
});

/** What a hostile app runs in its sandbox: 300 half-sent requests to the router, held open. */
const HOLDER = `
const net = require('node:net');
const port = Number(process.argv[1]);
const sockets = [];
let connected = 0;
for (let i = 0; i < 300; i++) {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  socket.once('connect', () => {
    socket.write('GET / HTTP/1.1\\r\\nHost: alpha.localhost\\r\\n');
    if (++connected === 300) held();
  });
  sockets.push(socket);
}
function held() {
  // One whole request after the others: once it is answered (or refused), the router has seen them all.
  const last = net.connect({ host: '127.0.0.1', port });
  let reply = '';
  last.on('data', chunk => { reply += chunk; });
  last.on('error', () => {});
  last.once('connect', () => last.write('GET / HTTP/1.1\\r\\nHost: beta.localhost\\r\\nConnection: close\\r\\n\\r\\n'));
  last.once('close', () => {
    const open = sockets.filter(s => !s.destroyed).length;
    console.log('HELD ' + open + ' ' + (reply.split('\\r\\n')[0] || 'refused'));
  });
}
setInterval(() => {}, 1000);
`;

describeWithBubblewrap(
  'the builtin router and a hostile sandboxed app',
  sandbox => {
    const ownNetwork = sandbox.network !== undefined;
    if (!ownNetwork) {
      // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
      it.skip(`needs root and pasta: ${sandbox.weakness}`, () => {});
      return;
    }

    it('an app holding 300 half-sent requests does not stop an outside client from reaching another app', async () => {
      const [httpPort, httpsPort, appHttpPort, appHttpsPort] = [
        await freePort(),
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      // The configuration the backend reads, with a small per-client cap: apps reach the router
      // through pasta, so every sandbox's connection arrives from 127.0.0.1, like a local proxy's.
      const config = new ConfigReader({
        slipway: {
          builtin: {
            httpPort,
            httpsPort,
            appHttpPort,
            appHttpsPort,
            maxConnectionsPerClient: 4,
          },
        },
      });
      const upstream = await startUpstream('answer');
      const router = new BuiltinRouter(
        readBuiltinRouterSettings(config, 'localhost'),
      );
      const hostile = new BubblewrapSandbox(readSandboxSettings(config));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-holder-'));
      fs.chmodSync(dir, 0o755);
      try {
        await router.apply([
          testRoute('alpha', { upstream: { addresses: [upstream.address] } }),
          testRoute('beta', { upstream: { addresses: [upstream.address] } }),
        ]);
        const child = hostile.spawn({
          command: process.execPath,
          // The app calls the router's public port, as `http://<app>.<domain>:<httpPort>` says.
          args: ['-e', HOLDER, String(httpPort)],
          dirs: { app: dir, appWritable: false, home: dir, tmp: dir },
          env: { PATH: '/usr/bin:/bin' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const exited = new Promise(resolve => child.once('close', resolve));
        let output = '';
        child.stderr!.on('data', chunk => {
          output += chunk;
        });
        await new Promise<void>(resolve => {
          child.stdout!.on('data', chunk => {
            output += chunk;
            if (output.includes('HELD')) resolve();
          });
          child.once('close', () => resolve());
        });
        // Its connections are held (they count against the apps' own cap, not the public port's).
        expect(output).toMatch(/^HELD 300 HTTP\/1\.1 200/m);
        // An outside client (from loopback, as through a local proxy) reaches another app.
        expect((await send(httpPort, 'beta.localhost')).status).toBe(200);
        process.kill(-child.pid!, 'SIGKILL');
        await exited;
      } finally {
        await router.close();
        await upstream.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
