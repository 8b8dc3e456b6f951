/*
 * Benchmark of the local runtime's limits: does the backend keep answering while its apps misbehave?
 *
 *   npm run bench:sandbox
 *
 * Runs the `local` runtime (bubblewrap, cgroups: needs root) in this process, as the embedded backend
 * does, next to a health endpoint answering on the same event loop. Prints the endpoint's p50/p99/max
 * latency (sequential requests) first with nothing running, then while one app allocates past its
 * 128Mi memory limit over and over (killed, restarted) and another forks to its PID limit over and
 * over. Bounded: about 2 x PHASE_MS plus start and stop.
 */

import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import http from 'node:http';
import { readLocalRuntimeSettings } from '../plugins/slipway-backend/src/runtime/local/config';
import { LocalRuntime } from '../plugins/slipway-backend/src/runtime/local/LocalRuntime';
import {
  desired,
  makeDataDir,
  writeSlug,
} from '../plugins/slipway-backend/src/runtime/local/testing/fixtures';
import {
  chooseSandbox,
  DEFAULT_SANDBOX_SETTINGS,
} from '../plugins/slipway-backend/src/sandbox';
import { SMOKE } from './smoke';
import { benchLogger, percentile } from './support';

const PHASE_MS = SMOKE ? 2_000 : 10_000;

/** Sequential GETs of the health endpoint for `ms`: latencies in ms, and failures. */
async function measure(port: number, ms: number) {
  const latencies: number[] = [];
  let failures = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const start = process.hrtime.bigint();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/slipway/health`, {
        signal: AbortSignal.timeout(5000),
      });
      await res.text();
      if (!res.ok) failures++;
    } catch {
      failures++;
    }
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { latencies, failures };
}

function report(label: string, result: Awaited<ReturnType<typeof measure>>) {
  const { latencies, failures } = result;
  const ms = (value: number) => `${value.toFixed(1)}ms`;
  console.log(
    `${label.padEnd(52)} requests ${String(latencies.length).padStart(
      6,
    )}  p50 ${ms(percentile(latencies, 50))}  p99 ${ms(
      percentile(latencies, 99),
    )}  max ${ms(Math.max(...latencies))}  failures ${failures}`,
  );
}

async function main() {
  const sandbox = chooseSandbox(DEFAULT_SANDBOX_SETTINGS, benchLogger);
  if (sandbox.kind !== 'bubblewrap' || sandbox.limitsProblem) {
    console.log(
      `Skipped: needs bubblewrap and writable cgroups (root): ${
        sandbox.limitsProblem ?? sandbox.weakness
      }`,
    );
    return;
  }
  const dataDir = await makeDataDir();
  const runtime = new LocalRuntime(
    readLocalRuntimeSettings(new ConfigReader({}), dataDir),
    benchLogger,
    sandbox,
  );
  const health = http.createServer((_req, res) => res.end('{"status":"ok"}'));
  await new Promise<void>(resolve => health.listen(0, '127.0.0.1', resolve));
  const port = (health.address() as { port: number }).port;
  try {
    console.log(
      `Sandbox limits benchmark (node ${process.version}, ${
        PHASE_MS / 1000
      }s per phase)\n`,
    );
    report('idle', await measure(port, PHASE_MS));

    const hog = await writeSlug(dataDir, {
      'hog.js': 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1));\n',
    });
    const bomb = await writeSlug(dataDir, { 'bomb.sh': 'echo' });
    await runtime.apply(
      desired('hog', 1, hog, {
        procfile: { worker: 'node hog.js' },
        structure: { worker: 1 },
        config: { limits: { worker: { memory: '128Mi' } } },
      }),
    );
    await runtime.apply(
      desired('bomb', 1, bomb, {
        procfile: {
          worker:
            'while true; do bomb() { bomb | bomb & }; bomb; sleep 0.2; done',
        },
        structure: { worker: 1 },
      }),
    );
    report(
      'one app past its memory limit, one at its PID limit',
      await measure(port, PHASE_MS),
    );
    const oom = (await runtime.processes('hog', 'local'))[0];
    console.log(
      `\nhog: ${oom?.state}, ${oom?.restarts} restarts, ${oom?.message ?? ''}`,
    );
  } finally {
    await runtime.close();
    health.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
