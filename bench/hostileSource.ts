/*
 * Benchmark of a hostile push (npm run bench:hostile-source): a commit with a 1 GiB file of zeros
 * (a pack of about 1 MB) pushed with the stock git client to the real git remote in this process
 * (git http-backend, receive-pack, the pre-receive hook, the checkout, the real local build
 * executor), with in-memory ledger doubles. Prints, for the default slipway.local.maxSourceBytes
 * (512 MiB: the push is refused before the tree is written) and for a limit raised to 2 GiB (the
 * tree is checked out, copied and hashed into a slug), whether it was refused, the output the
 * pusher saw, and the growth of this process's RSS (peak during the push minus before). The goal
 * is a growth under 64 MiB in both. SLIPWAY_BENCH_GIB changes the size of the file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_TOKEN, commitSource, startGitRemote } from './gitRemote';
import { benchSize } from './smoke';

const GIB = Number(benchSize(process.env.SLIPWAY_BENCH_GIB, 1, 0.25));
const GOAL = 64 * 1024 * 1024;
// The smoke run's small file is still over the limit of the first push, so that it is refused as a big one is.
const LIMITED: readonly [string, object] =
  GIB > 0.5
    ? ['default limit (512 MiB)', {}]
    : ['limit lowered to 128 MiB', { maxSourceBytes: 128 * 1024 * 1024 }];
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function push(source: string, root: string, remote: string) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  let output = '';
  const code = await new Promise<number | null>(resolve => {
    const child = spawn('git', ['push', remote, 'main'], {
      cwd: source,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', HOME: root },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output = (output + chunk).slice(-64 * 1024);
    });
    child.on('close', resolve);
  });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    code,
    output,
    seconds: (performance.now() - started) / 1000,
    growth: peak - before,
  };
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-hostile-'));
  try {
    const source = path.join(root, 'source');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, 'Procfile'), 'web: sleep 1\n');
    const zeros = fs.openSync(path.join(source, 'zeros.bin'), 'w');
    fs.ftruncateSync(zeros, GIB * 1024 * 1024 * 1024);
    fs.closeSync(zeros);
    await commitSource(source, root, 'zeros');
    // The pushed tree is the commit: the working copy's file is not needed any more.
    fs.rmSync(path.join(source, 'zeros.bin'));

    let failed = false;
    for (const [label, local] of [
      LIMITED,
      ['limit raised to 2 GiB', { maxSourceBytes: 2 * 1024 * 1024 * 1024 }],
    ] as const) {
      const dataDir = path.join(root, `data-${label.length}`);
      const app = `zeros${label.length}`;
      const remote = await startGitRemote(dataDir, app, local);
      const url = `http://bench:${BENCH_TOKEN}@127.0.0.1:${remote.port}/api/slipway/git/${app}.git`;
      try {
        const result = await push(source, root, url);
        const refused = /pushed source is too large/.test(result.output);
        // The pusher's last remote line says why a push that was not refused for its size failed.
        const reason =
          /! Build failed: [^\n]*/.exec(result.output)?.[0] ??
          /remote: ! [^\n]*/.exec(result.output)?.[0];
        console.log(
          `${GIB} GiB of zeros, ${label}: ${
            refused
              ? 'refused'
              : result.code === 0
              ? 'built'
              : `failed (exit ${result.code})`
          } in ${result.seconds.toFixed(1)} s; backend RSS growth ${mib(
            result.growth,
          )} (goal < ${mib(GOAL)})${reason ? `\n  ${reason.trim()}` : ''}`,
        );
        if (result.growth >= GOAL) failed = true;
        // Over the limit the push must be refused; under it the build must succeed.
        if (local === LIMITED[1] ? !refused : result.code !== 0) failed = true;
      } finally {
        remote.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (failed) process.exitCode = 1;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
