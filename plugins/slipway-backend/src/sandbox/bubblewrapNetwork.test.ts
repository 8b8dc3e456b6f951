import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BubblewrapSandbox } from './bubblewrap';
import { groupMembers } from './processGroup';
import { DEFAULT_SANDBOX_SETTINGS } from './settings';
import type { SandboxedSpawn } from './types';
import {
  describeWithBubblewrap,
  testBubblewrap,
} from './__testUtils__/testSandbox';

/** As root with pasta (always in CI); an ordinary user's sandboxes share the host's network. */
const ownNetwork = testBubblewrap?.network !== undefined;
if (process.env.CI && testBubblewrap && !ownNetwork) {
  throw new Error(
    `CI requires sandboxes with their own network: ${testBubblewrap.weakness}`,
  );
}

/** What the sandboxed process runs: connect to each port of the host's loopback, maybe serve. */
const SCRIPT = `
const net = require('node:net');
const [ports, serve] = JSON.parse(process.argv[1]);
const tryOne = port => new Promise(resolve => {
  const socket = net.connect({ host: '127.0.0.1', port, timeout: 5000 });
  socket.once('connect', () => { socket.destroy(); resolve('open'); });
  socket.once('timeout', () => { socket.destroy(); resolve('timeout'); });
  socket.once('error', e => resolve(e.code));
});
(async () => {
  for (const port of ports) console.log('PROBE ' + port + ' ' + await tryOne(port));
  if (serve) require('node:http').createServer((q, r) => r.end('APP')).listen(serve, () => console.log('SERVING'));
})();
`;

describeWithBubblewrap('BubblewrapSandbox network', () => {
  jest.setTimeout(60_000);
  if (!ownNetwork) {
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`needs root and pasta: ${testBubblewrap?.weakness}`, () => {});
    return;
  }
  let dir: string;
  let router: http.Server;
  let service: net.Server;
  const portOf = (server: net.Server) =>
    (server.address() as net.AddressInfo).port;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bwrap-net-'));
    fs.chmodSync(dir, 0o755);
    router = http.createServer((_q, r) => r.end('ROUTER'));
    service = net.createServer(socket => socket.end('HOST SERVICE'));
    await Promise.all(
      [router, service].map(
        server =>
          new Promise<void>(resolve =>
            server.listen(0, '127.0.0.1', () => resolve()),
          ),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(
      [router, service].map(server => new Promise(r => server.close(r))),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function run(sandbox: BubblewrapSandbox, ports: number[], serve?: number) {
    const child = sandbox.spawn({
      command: process.execPath,
      args: ['-e', SCRIPT, JSON.stringify([ports, serve])],
      dirs: { app: dir, appWritable: false, home: dir, tmp: dir },
      env: { PATH: '/usr/bin:/bin' },
      stdio: ['ignore', 'pipe', 'pipe'],
      port: serve,
    });
    let output = '';
    child.stdout!.on('data', chunk => {
      output += chunk;
    });
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    const exited = new Promise<void>(resolve =>
      child.once('close', () => resolve()),
    );
    return { child, exited, output: () => output };
  }

  it('reaches the router and not a host service on loopback', async () => {
    const sandbox = new BubblewrapSandbox({
      ...DEFAULT_SANDBOX_SETTINGS,
      routerPorts: [portOf(router)],
    });
    const { exited, output } = run(sandbox, [portOf(router), portOf(service)]);
    await exited;
    expect(output()).toContain(`PROBE ${portOf(router)} open`);
    expect(output()).toContain(`PROBE ${portOf(service)} ECONNREFUSED`);
  });

  it('attaches the network after the cgroups are placed (nothing runs in there outside its limits)', () => {
    const sandbox = new BubblewrapSandbox(DEFAULT_SANDBOX_SETTINGS);
    const names = sandbox.setupSteps.map(step => step.name);
    expect(names).toEqual(
      sandbox.limitsProblem ? ['network'] : ['limits', 'network'],
    );
    expect(
      sandbox.args({ app: dir, appWritable: false, home: dir, tmp: dir }),
    ).toContain('--unshare-net');
  });

  it('leaves no descriptor of the setup (the launch pipe, --args, --block-fd, --info-fd) to the command', async () => {
    const sandbox = new BubblewrapSandbox(DEFAULT_SANDBOX_SETTINGS);
    const child = sandbox.spawn({
      command: '/bin/sh',
      args: [
        '-c',
        'for fd in 3 4 5 6; do [ -e /proc/$$/fd/$fd ] && echo OPEN $fd; done; echo DONE',
      ],
      dirs: { app: dir, appWritable: false, home: dir, tmp: dir },
      env: { PATH: '/usr/bin:/bin' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', chunk => {
      output += chunk;
    });
    await new Promise(resolve => child.once('close', resolve));
    expect(output.trim()).toBe('DONE');
  });

  it("is reachable on its port from the host's loopback once it listens there", async () => {
    const sandbox = new BubblewrapSandbox(DEFAULT_SANDBOX_SETTINGS);
    const free = net.createServer();
    await new Promise<void>(resolve =>
      free.listen(0, '127.0.0.1', () => resolve()),
    );
    const port = portOf(free);
    await new Promise(resolve => free.close(resolve));

    const { child, exited, output } = run(sandbox, [], port);
    while (!output().includes('SERVING')) {
      await new Promise(resolve => child.stdout!.once('data', resolve));
    }
    expect(sandbox.listening(child.pid!, port)).toBe(true);
    expect(sandbox.listening(child.pid!, port + 1)).toBe(false);
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
    expect(body).toBe('APP');
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    expect(sandbox.listening(child.pid!, port)).toBe(false);
  });
  it('leaves nothing when bwrap is killed during the network setup (a probe timing out)', async () => {
    const sandbox = new BubblewrapSandbox(DEFAULT_SANDBOX_SETTINGS);
    const index = sandbox.setupSteps.findIndex(step => step.name === 'network');
    const real = sandbox.setupSteps[index];
    let attached!: (pid: number) => void;
    const pasta = new Promise<number>(resolve => {
      attached = resolve;
    });
    let release!: () => void;
    const held = new Promise<void>(resolve => {
      release = resolve;
    });
    // The real step, held after pasta is attached: bwrap is killed meanwhile.
    sandbox.setupSteps[index] = {
      name: 'network',
      async prepare(pid: number, spec: SandboxedSpawn) {
        await real.prepare(pid, spec);
        attached(pid);
        await held;
      },
    };
    const child = sandbox.spawn({
      command: '/bin/sleep',
      args: ['1000'],
      dirs: { app: dir, appWritable: false, home: dir, tmp: dir },
      env: { PATH: '/usr/bin:/bin' },
      stdio: 'ignore',
    });
    const exited = new Promise(resolve => child.once('close', resolve));
    const sandboxPid = await pasta;
    const netns = fs.statSync(`/proc/${sandboxPid}/ns/net`).ino;
    process.kill(child.pid!, 'SIGKILL');
    await exited;
    release();

    const holders = () =>
      fs
        .readdirSync('/proc')
        .filter(name => /^\d+$/.test(name) && Number(name) !== process.pid)
        .filter(name => {
          try {
            return fs
              .readdirSync(`/proc/${name}/fd`)
              .some(
                fd =>
                  fs.readlinkSync(`/proc/${name}/fd/${fd}`) ===
                  `net:[${netns}]`,
              );
          } catch {
            return false;
          }
        });
    // The kernel ends them at once, but asynchronously: a bounded wait.
    for (
      let i = 0;
      i < 100 && (holders().length > 0 || groupMembers(child.pid!).length > 0);
      i++
    ) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    expect(groupMembers(child.pid!)).toEqual([]);
    expect(holders()).toEqual([]);
  });
});
