#!/usr/bin/env node
/*
 * Runs every unit and integration test once, non-interactively.
 *
 * The PostgreSQL half of the database tests runs against the server at
 * SLIPWAY_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432). When no
 * PostgreSQL answers, those tests are skipped locally; with CI set they are required.
 * The Kubernetes suites run against a real control plane (scripts/kubeControlPlane.js), started once here and
 * handed to jest as SLIPWAY_TEST_KUBECONFIG; skipped locally when it cannot run, required with CI set.
 * Extra arguments go to jest (e.g. a path to run one package's tests).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { ensureControlPlane, ensureRealNode } = require('./kubeControlPlane');
const { checkSurvivors, markRun } = require('./survivors');

require('./checkNode');

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

async function postgresAnswers(connectionString) {
  const client = new Client({
    connectionString,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  const env = { ...process.env };
  const connectionString =
    env[PG_ENV] ||
    env.SLIPWAY_TEST_POSTGRES ||
    'postgresql://postgres@127.0.0.1:5432';
  if (await postgresAnswers(connectionString)) {
    env[PG_ENV] = connectionString;
    console.log(
      `PostgreSQL tests: against ${connectionString.replace(
        /:[^:@/]*@/,
        ':***@',
      )}`,
    );
  } else if (env.CI) {
    console.error(
      `PostgreSQL does not answer at ${connectionString}; CI requires the PostgreSQL tests.`,
    );
    process.exit(1);
  } else {
    delete env[PG_ENV];
    env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';
    console.log(
      'PostgreSQL does not answer: the PostgreSQL tests are skipped (CI runs them).',
    );
  }

  const controlPlane = ensureControlPlane(env);
  if (controlPlane.kubeconfig) {
    env.SLIPWAY_TEST_KUBECONFIG = controlPlane.kubeconfig;
    console.log(
      `Kubernetes tests: against the control plane of ${controlPlane.kubeconfig}`,
    );
  } else if (env.CI) {
    console.error(
      `The Kubernetes control plane cannot run: ${controlPlane.skipped}; CI requires the Kubernetes tests.`,
    );
    process.exit(1);
  } else {
    delete env.SLIPWAY_TEST_KUBECONFIG;
    console.log(
      `Kubernetes tests skipped: ${controlPlane.skipped} (CI runs them).`,
    );
  }

  // The real node (real containers) beside it, for the suites that need pods that really run.
  if (controlPlane.kubeconfig) {
    const realNode = ensureRealNode(env, controlPlane.kubeconfig);
    if (realNode.registry) {
      env.SLIPWAY_TEST_REAL_NODE_REGISTRY = realNode.registry;
      console.log(`Real-node tests: images in ${realNode.registry}`);
    } else if (env.CI) {
      console.error(
        `The real node cannot run: ${realNode.skipped}; CI requires the real-node tests.`,
      );
      process.exit(1);
    } else {
      delete env.SLIPWAY_TEST_REAL_NODE_REGISTRY;
      console.log(
        `Real-node tests skipped: ${realNode.skipped} (CI runs them).`,
      );
    }
  }

  // Marked after the control plane started: it is shared, not this run's.
  const run = markRun(env);

  const report = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-test-')),
    'report.json',
  );
  const cli = require.resolve('@backstage/cli/bin/backstage-cli');
  const result = spawnSync(
    process.execPath,
    [
      cli,
      'repo',
      'test',
      '--watchAll=false',
      '--json',
      `--outputFile=${report}`,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env },
  );
  controlPlane.stop?.();
  const survivors = await checkSurvivors(run);

  // One plain closing line that any CI can read.
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(
      `\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`,
    );
  }
  if (survivors.length > 0) {
    console.error(
      `\n${survivors.length} process(es) started by the tests outlived them (now killed):`,
    );
    for (const s of survivors) console.error(`  pid ${s.pid}: ${s.command}`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}

main();
