/*
 * Benchmark of build output to a slow `git push` client (npm run bench:push-output): the backend's
 * memory must stay bounded however much a build prints and however slowly the client reads.
 *
 * In this process: the real git remote (git http-backend, receive-pack, the pre-receive hook) with
 * the real local build executor (sandboxed when bubblewrap works here), in-memory ledger doubles,
 * and a TCP proxy that lets the client read at SLIPWAY_BENCH_RATE MB/s (default 20). The stock git
 * client pushes an app whose build script prints SLIPWAY_BENCH_MB MiB (default 200). Prints the
 * process's RSS before, its peak during the push, and the time taken.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BENCH_TOKEN, commitSource, startGitRemote } from './gitRemote';
import { benchSize } from './smoke';

const MB = Number(benchSize(process.env.SLIPWAY_BENCH_MB, 200, 10));
const RATE = Number(process.env.SLIPWAY_BENCH_RATE ?? 20) * 1024 * 1024;
/** Relays to `port`, handing the client at most `RATE` bytes per second. */
function slowProxy(port: number): Promise<net.Server> {
  const proxy = net.createServer(client => {
    const upstream = net.connect(port, '127.0.0.1');
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      client.write(chunk);
      setTimeout(() => upstream.resume(), (chunk.length / RATE) * 1000);
    });
    upstream.on('end', () => client.end());
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise(resolve =>
    proxy.listen(0, '127.0.0.1', () => resolve(proxy)),
  );
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-output-'));
  const dataDir = path.join(root, 'data');
  const server = await startGitRemote(dataDir, 'loud');
  const proxy = await slowProxy(server.port);
  const remote = `http://bench:${BENCH_TOKEN}@127.0.0.1:${
    (proxy.address() as net.AddressInfo).port
  }/api/slipway/git/loud.git`;

  const source = path.join(root, 'source');
  fs.mkdirSync(source);
  const loud = `const l = 'z'.repeat(1023) + '\\n'; let n = ${
    MB * 1024
  }; const w = () => { while (n > 0) { n--; if (!process.stdout.write(l)) return process.stdout.once('drain', w); } }; w();`;
  fs.writeFileSync(
    path.join(source, 'package.json'),
    JSON.stringify({
      name: 'loud',
      version: '1.0.0',
      scripts: { build: `node -e "${loud}"`, start: 'node -e 0' },
    }),
  );
  await commitSource(source, root, 'loud');

  global.gc?.();
  const baseline = process.memoryUsage();
  const before = process.memoryUsage().rss;
  let peak = before;
  let peakRetained = 0;
  let samples = 0;
  const sampler = setInterval(() => {
    // Every 5th sample after a full GC: what is held, not garbage awaiting collection.
    if (++samples % 5 === 0 && global.gc) {
      global.gc();
      const usage = process.memoryUsage();
      peakRetained = Math.max(
        peakRetained,
        usage.heapUsed + usage.external - baseline.heapUsed - baseline.external,
      );
    }
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  let received = 0;
  const code = await new Promise<number | null>(resolve => {
    const push = spawn('git', ['push', remote, 'main'], {
      cwd: source,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', HOME: root },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    push.stderr.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    push.on('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  console.log(
    `git push of a build printing ${MB} MiB to a client reading ${(
      RATE /
      1024 /
      1024
    ).toFixed(0)} MB/s: exit ${code}, ${mib(
      received,
    )} of output shown, ${seconds.toFixed(1)} s`,
  );
  console.log(
    `backend RSS: ${mib(before)} before, ${mib(peak)} peak (+${mib(
      peak - before,
    )}); held after GC (heap + buffers): peak ${
      global.gc ? mib(peakRetained) : 'n/a (run with --expose-gc)'
    }`,
  );
  proxy.close();
  server.close();
  fs.rmSync(root, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
