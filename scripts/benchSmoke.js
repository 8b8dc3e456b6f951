#!/usr/bin/env node
/*
 * Runs every benchmark (each `bench:*` script of package.json) once at a small size (SLIPWAY_BENCH_SMOKE=1),
 * one after another, printing each one's figures and time; fails if any fails. It checks that the benchmarks
 * still build and run, not their figures (a loaded CI machine says little about those).
 *
 * Like the tests (scripts/test.js), the Kubernetes control plane is started once here and handed on as
 * SLIPWAY_TEST_KUBECONFIG; the benches that need it or PostgreSQL skip locally without them and fail with CI set.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const { ensureControlPlane } = require('./kubeControlPlane');

const REPO = path.resolve(__dirname, '..');
const { scripts } = require(path.join(REPO, 'package.json'));

function runScript(name, env) {
  return new Promise(resolve => {
    const child = spawn('npm', ['run', '--silent', name], {
      cwd: REPO,
      env,
      stdio: 'inherit',
    });
    child.on('error', () => resolve(1));
    child.on('close', (code, signal) => resolve(signal ? 1 : code ?? 1));
  });
}

async function main() {
  const env = { ...process.env, SLIPWAY_BENCH_SMOKE: '1' };
  const controlPlane = ensureControlPlane(env);
  if (controlPlane.kubeconfig)
    env.SLIPWAY_TEST_KUBECONFIG = controlPlane.kubeconfig;
  const names = Object.keys(scripts).filter(
    name => name.startsWith('bench:') && name !== 'bench:smoke',
  );
  const results = [];
  const started = Date.now();
  try {
    for (const name of names) {
      console.log(`\n--- npm run ${name} (smoke)`);
      const t0 = Date.now();
      const code = await runScript(name, env);
      const seconds = (Date.now() - t0) / 1000;
      console.log(`--- ${name}: exit ${code}, ${seconds.toFixed(1)} s`);
      results.push({ name, code, seconds });
    }
  } finally {
    controlPlane.stop?.();
  }
  console.log('');
  for (const r of results)
    console.log(
      `${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name.padEnd(22)} ${r.seconds
        .toFixed(1)
        .padStart(6)} s`,
    );
  const failed = results.filter(r => r.code !== 0);
  console.log(
    `${results.length - failed.length} of ${
      results.length
    } benchmarks ran in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
