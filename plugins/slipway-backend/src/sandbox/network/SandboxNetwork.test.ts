import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ConfigReader } from '@backstage/config';
import { eventually } from '../../runtime/local/testing/fixtures';
import { describeWithBubblewrap } from '../__testUtils__/testSandbox';
import { sandboxNetwork } from './forSandbox';
import { blockHostRules } from './blockHost';
import { hostAddresses } from './hostAddresses';
import { pastaArgs } from './pasta';
import { findNetworkPrograms } from './programs';
import { resolverProblem } from './resolver';
import { readRouterPorts } from './routerPorts';
import { SandboxNetwork } from './SandboxNetwork';

const lookup = findNetworkPrograms();
const programs = 'problem' in lookup ? undefined : lookup;
const asRoot = process.getuid?.() === 0;
if (process.env.CI && asRoot && !programs) {
  throw new Error(
    `CI requires the sandbox's network programs: ${
      (lookup as { problem: string }).problem
    }`,
  );
}

/** Connections each host service below received (none may come from a sandbox). */
const reached = new Map<net.Server, number>();

/** A listener on the host that a sandbox must not reach. */
function listen(host: string): Promise<net.Server> {
  return new Promise(resolve => {
    const server = net.createServer(socket => {
      reached.set(server, (reached.get(server) ?? 0) + 1);
      socket.on('error', () => {});
      socket.end('HOST SERVICE\n');
    });
    server.listen({ port: 0, host, ipv6Only: false }, () => resolve(server));
  });
}
const portOf = (server: net.Server | http.Server) =>
  (server.address() as net.AddressInfo).port;
const close = (server: net.Server | http.Server) =>
  new Promise(resolve => server.close(resolve));

/**
 * The probe pushed code would run: connects to each target and prints one `PROBE` line per target
 * (`open` or the error code), the listening ports it sees in /proc/net/tcp{,6}, and whether it
 * could remove the namespace's routes. With `serve`, then answers HTTP on that port until killed.
 */
const PROBE = `
const net = require('node:net');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const [targets, serve, ip] = JSON.parse(process.argv[2]);
const tryOne = ([host, port]) => new Promise(resolve => {
  const socket = net.connect({ host, port, timeout: 5000 });
  socket.once('connect', () => { socket.destroy(); resolve('open'); });
  socket.once('timeout', () => { socket.destroy(); resolve('timeout'); });
  socket.once('error', e => resolve(e.code));
});
(async () => {
  for (const target of targets) console.log('PROBE ' + target.join(' ') + ' ' + await tryOne(target));
  const listening = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(file, 'utf8').split('\\n').slice(1)) {
      const f = line.trim().split(/\\s+/);
      if (f[3] === '0A') listening.push(parseInt(f[1].split(':').pop(), 16));
    }
  }
  console.log('LISTENING ' + JSON.stringify(listening));
  for (const family of ['-4', '-6']) {
    const rules = spawnSync(ip, [family, 'rule', 'show'], { encoding: 'utf8' }).stdout;
    for (const line of rules.split('\\n').filter(Boolean)) console.log('IPRULE ' + line.trim());
  }
  const del = spawnSync(ip, ['rule', 'del', 'pref', '100']);
  console.log('RULES ' + (del.status === 0 ? 'removed' : 'kept'));
  if (serve) {
    require('node:http').createServer((q, r) => r.end('FROM SANDBOX')).listen(serve, '0.0.0.0', () => console.log('SERVING'));
  }
})();
`;

type Sandboxed = {
  output: Promise<string>;
  /** Resolves once the probe printed `text`. */
  printed(text: string): Promise<void>;
  sandboxPid: Promise<number>;
  kill(): void;
  exited: Promise<void>;
};

/**
 * Starts the probe as the sandbox does: bwrap with its own network namespace, blocked on
 * `--block-fd` until the network step ran on the pid `--info-fd` told, as uid 65534 without
 * capabilities.
 */
function sandboxed(
  network: SandboxNetwork,
  probe: { targets: [string, number][]; serve?: number },
  dir: string,
): Sandboxed {
  const script = path.join(dir, 'probe.js');
  fs.writeFileSync(script, PROBE);
  const child = spawn(
    '/usr/bin/bwrap',
    [
      '--die-with-parent',
      '--unshare-pid',
      '--unshare-net',
      '--ro-bind',
      '/',
      '/',
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--info-fd',
      '3',
      '--block-fd',
      '4',
      '--',
      '/usr/bin/setpriv',
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--no-new-privs',
      '--',
      process.execPath,
      script,
      JSON.stringify([probe.targets, probe.serve, programs!.ip]),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      env: { PATH: '/usr/bin:/bin' },
      detached: true,
    },
  );
  const pipes = child.stdio as unknown as (Readable & Writable)[];
  for (const pipe of pipes) pipe?.on('error', () => {});
  let output = '';
  const waiting: { text: string; resolve(): void }[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wait of waiting.filter(w => output.includes(w.text))) {
      wait.resolve();
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>(resolve => child.once('close', resolve));
  const sandboxPid = new Promise<number>((resolve, reject) => {
    let info = '';
    pipes[3].on('data', chunk => {
      info += chunk;
    });
    pipes[3].once('end', () => {
      const pid = Number(/"child-pid":\s*(\d+)/.exec(info)?.[1]);
      network.prepare(pid, { port: probe.serve }).then(() => {
        pipes[4].end('go');
        resolve(pid);
      }, reject);
    });
  });
  return {
    output: exited.then(() => output),
    printed: text =>
      new Promise(resolve => {
        if (output.includes(text)) resolve();
        else waiting.push({ text, resolve });
      }),
    sandboxPid,
    kill: () => process.kill(-child.pid!, 'SIGKILL'),
    exited,
  };
}

/** The network namespace of a process (an inode number), to find who holds it after it is gone. */
const netNamespace = (pid: number) => fs.statSync(`/proc/${pid}/ns/net`).ino;

/** Host processes holding a network namespace open (pasta does), other than this one. */
function holding(namespace: number): string[] {
  const found: string[] = [];
  const link = `net:[${namespace}]`;
  for (const name of fs.readdirSync('/proc').filter(n => /^\d+$/.test(n))) {
    if (Number(name) === process.pid) continue;
    try {
      const fds = fs.readdirSync(`/proc/${name}/fd`);
      if (fds.some(fd => fs.readlinkSync(`/proc/${name}/fd/${fd}`) === link)) {
        found.push(name);
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const results = (output: string) =>
  Object.fromEntries(
    [...output.matchAll(/^PROBE (\S+) (\d+) (\S+)$/gm)].map(m => [
      `${m[1]}:${m[2]}`,
      m[3],
    ]),
  );

describeWithBubblewrap('a sandbox in its own network namespace', () => {
  jest.setTimeout(60_000);
  if (!asRoot || !programs) {
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip('needs root and pasta, nsenter and ip', () => {});
    return;
  }
  let dir: string;
  let router: http.Server;
  let loopbackService: net.Server;
  let anyService: net.Server;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-network-'));
    fs.chmodSync(dir, 0o755);
    router = http.createServer((_q, r) => r.end('ROUTER'));
    await new Promise<void>(resolve =>
      router.listen(0, '127.0.0.1', () => resolve()),
    );
    loopbackService = await listen('127.0.0.1');
    anyService = await listen('::');
  });
  afterAll(async () => {
    await Promise.all([
      close(router),
      close(loopbackService),
      close(anyService),
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the router, and no host service on loopback or any host address', async () => {
    const network = new SandboxNetwork(programs, [portOf(router)]);
    const addresses = hostAddresses();
    expect(addresses.length).toBeGreaterThan(0);
    const targets: [string, number][] = [
      ['127.0.0.1', portOf(loopbackService)],
      ['127.0.0.1', portOf(anyService)],
      ['::1', portOf(anyService)],
      ...addresses.map(address => {
        // A link-local address needs its interface, which pasta gives the same name inside.
        const iface = Object.entries(os.networkInterfaces()).find(([, list]) =>
          list?.some(e => e.address === address && e.scopeid),
        )?.[0];
        return [
          iface ? `${address}%${iface}` : address,
          portOf(anyService),
        ] as [string, number];
      }),
      // The cloud metadata service's address (blocked whether or not this machine has one).
      ['169.254.169.254', 80],
      ['127.0.0.1', portOf(router)],
    ];
    const sandbox = sandboxed(network, { targets }, dir);
    const output = await sandbox.output;
    const seen = results(output);

    expect(seen[`127.0.0.1:${portOf(router)}`]).toBe('open');
    for (const [host, port] of targets.slice(0, -1)) {
      // Refused (nothing of the host there), prohibited (EACCES, the namespace's routes), or
      // unanswered (pasta forwards nothing to the host's link-local addresses).
      expect([`${host}:${port}`, seen[`${host}:${port}`]]).toEqual([
        `${host}:${port}`,
        expect.stringMatching(/^(ECONNREFUSED|EACCES|timeout)$/),
      ]);
    }
    expect(seen['169.254.169.254:80']).toBe('EACCES');
    expect(reached.get(loopbackService)).toBeUndefined();
    expect(reached.get(anyService)).toBeUndefined();
    // None of the host's listeners (this test's, PostgreSQL's, the backend's...) are listed inside.
    const listening: number[] = JSON.parse(
      /^LISTENING (.*)$/m.exec(output)![1],
    );
    expect(listening).not.toContain(portOf(loopbackService));
    expect(listening).not.toContain(portOf(anyService));
    expect(listening.filter(port => port !== portOf(router))).toEqual([]);
    // The sandbox's user cannot take the blocks away.
    expect(output).toMatch(/^RULES kept$/m);
    // Cloud metadata services off link-local are prohibited too (listed, not tried: no traffic
    // to a non-loopback address may leave this machine in tests).
    for (const destination of [
      '100.100.100.200',
      '192.0.0.192',
      'fd00:ec2::254',
    ]) {
      expect(output).toMatch(
        new RegExp(`^IPRULE 100:\\s+from all to ${destination} prohibit$`, 'm'),
      );
    }
  });

  it("forwards the app's port from the host's loopback, and pasta dies with the sandbox", async () => {
    const free = await listen('127.0.0.1');
    const port = portOf(free);
    await close(free);
    const network = new SandboxNetwork(programs, []);
    const sandbox = sandboxed(network, { targets: [], serve: port }, dir);
    const namespace = netNamespace(await sandbox.sandboxPid);
    expect(holding(namespace)).toHaveLength(1);
    await sandbox.printed('SERVING');

    const body = await new Promise<string>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port }, res => {
          let text = '';
          res.on('data', chunk => {
            text += chunk;
          });
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(body).toBe('FROM SANDBOX');
    // Only on the host's loopback: the outside world goes through the router.
    for (const address of hostAddresses().filter(a => !a.startsWith('fe80'))) {
      const connected = await new Promise(resolve => {
        const socket = net.connect({ host: address, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect([address, connected]).toEqual([address, false]);
    }

    sandbox.kill();
    await sandbox.exited;
    // The kernel kills pasta (in the sandbox's PID namespace) when the sandbox's init exits; on a
    // loaded machine its descriptors close a moment after bwrap is reaped.
    await eventually(() => holding(namespace).length === 0, 5_000).catch(
      () => {},
    );
    expect(holding(namespace)).toEqual([]);
  });
});

describe('resolverProblem', () => {
  it('warns about a resolver the sandboxes cannot reach', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-resolv-'));
    const file = path.join(dir, 'resolv.conf');
    try {
      fs.writeFileSync(file, 'nameserver 127.0.0.53\noptions edns0\n');
      expect(resolverProblem([], file)).toMatch(
        /names a resolver on this host \(127\.0\.0\.53\)/,
      );
      fs.writeFileSync(file, 'nameserver 172.17.0.1\n');
      expect(resolverProblem(['172.17.0.1'], file)).toMatch(/172\.17\.0\.1/);
      fs.writeFileSync(file, 'search example.com\nnameserver 10.255.255.53\n');
      expect(resolverProblem(['192.0.2.2'], file)).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readRouterPorts', () => {
  const read = (slipway: object) =>
    readRouterPorts(new ConfigReader({ slipway }));
  it('forwards only the ports of the router in use', () => {
    // The builtin router takes apps on ports of their own (red team H3): apps call 8080, which
    // reaches the host's 8090, never the public port's per-client buckets.
    expect(read({})).toEqual([
      { port: 8080, hostPort: 8090 },
      { port: 8443, hostPort: 8453 },
    ]);
    expect(
      read({ builtin: { httpPort: 0, httpsPort: 9443, appHttpsPort: 9000 } }),
    ).toEqual([{ port: 9443, hostPort: 9000 }]);
    expect(read({ router: 'nginx', nginx: { httpPort: 8000 } })).toEqual([
      8000, 443,
    ]);
    expect(read({ router: 'gateway' })).toEqual([]);
  });
});

describe('pastaArgs', () => {
  it("forwards each router port to its host port, and never over the app's own", () => {
    const args = pastaArgs('/proc/self/fd/3', {
      inbound: 5000,
      toHost: [{ port: 8080, hostPort: 8090 }, 8443, 5000, 8443],
    });
    expect(args[args.indexOf('--tcp-ns') + 1]).toBe('8080:8090,8443');
    expect(args[args.indexOf('--tcp-ports') + 1]).toBe('127.0.0.1/5000');
  });
});

describe('blockHostRules', () => {
  it('prohibits the host, link-local and cloud metadata addresses off link-local', () => {
    const rules = blockHostRules(['192.0.2.7', '2001:db8::7']);
    for (const to of [
      '192.0.2.7/32',
      '169.254.0.0/16',
      '100.100.100.200/32',
      '192.0.0.192/32',
    ]) {
      expect(rules.inet).toContain(`rule add to ${to} prohibit pref 100\n`);
    }
    for (const to of ['2001:db8::7/128', 'fe80::/10', 'fd00:ec2::254/128']) {
      expect(rules.inet6).toContain(`rule add to ${to} prohibit pref 100\n`);
    }
    expect(rules.inet).not.toContain(':');
  });
});

describe('sandboxNetwork', () => {
  it('says why sandboxes share the host network', () => {
    const found = { pasta: '/p', nsenter: '/n', ip: '/i', bash: '/b' };
    expect(sandboxNetwork([], false, found)).toEqual({
      problem: expect.stringMatching(
        /share the host's network.*\(the backend does not run as root\)$/,
      ),
    });
    expect(
      sandboxNetwork([], true, { problem: 'not installed: pasta' }),
    ).toEqual({
      problem: expect.stringMatching(
        /reachable from pushed code \(not installed: pasta\)$/,
      ),
    });
    expect(sandboxNetwork([8080], true, found)).toEqual({
      network: expect.any(SandboxNetwork),
    });
  });
});
