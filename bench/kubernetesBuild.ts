/*
 * Benchmark of one push → build → release on Kubernetes (npm run bench:kubernetes includes it), against the real
 * Kubernetes 1.28 control plane of ../shared/k8s (its fake kubelet plays the build pod: log, ~2 s of "building",
 * then the digest as termination message) and a real registry (Debian's docker-registry) on localhost.
 * Prints the API requests (all, writes, watches and log streams) and the wall time of the build (Job created,
 * log followed, digest read and verified) and of the release that deploys the built image by digest.
 * The 2 s the fake build "runs" are part of the build time; the rest is Slipway and the API server.
 *
 * Needs the control plane, started or reused as the tests do (scripts/kubeControlPlane.js): skipped without its
 * binaries, unless CI is set (then it fails).
 */
import { ConfigReader } from '@backstage/config';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKubernetesBuildExecutor } from '../plugins/slipway-backend/src/build/kubernetes';
import { BuildSources } from '../plugins/slipway-backend/src/git/sourceArchive';
import { startTestRegistry } from '../plugins/slipway-backend/src/registry/__testUtils__/testRegistry';
import {
  desiredState,
  release,
} from '../plugins/slipway-backend/src/runtime/kubernetes/__testUtils__/fakeCluster';
import { silentLogger } from '../plugins/slipway-backend/src/kubernetes/__testUtils__/platformDeps';
import { createKubernetesRuntime } from '../plugins/slipway-backend/src/runtime/kubernetes/createKubernetesRuntime';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { ensureControlPlane } = require('../scripts/kubeControlPlane');

type Request = { method: string; path: string };
const requests: Request[] = [];

/** Counts every HTTPS request @kubernetes/client-node makes to the API server (watches and log streams too). */
function countRequests(apiHost: string, apiPort: string) {
  const original = https.request;
  (https as any).request = function counted(...args: any[]) {
    const options =
      typeof args[0] === 'object' && !(args[0] instanceof URL) ? args[0] : {};
    const url =
      args[0] instanceof URL || typeof args[0] === 'string'
        ? new URL(String(args[0]))
        : undefined;
    const host = url?.hostname ?? options.hostname ?? options.host;
    const port = String(url?.port || options.port || 443);
    if (host === apiHost && port === apiPort) {
      requests.push({
        method: String(options.method ?? 'GET'),
        path: String(url ? url.pathname + url.search : options.path),
      });
    }
    return (original as any).apply(this, args);
  };
}

async function main() {
  // Started (or reused) as the tests do; required under CI.
  const controlPlane = ensureControlPlane(process.env);
  if (!controlPlane.kubeconfig) {
    if (process.env.CI)
      throw new Error(
        `The Kubernetes control plane cannot run: ${controlPlane.skipped}; CI requires this bench`,
      );
    console.log(`Build on Kubernetes skipped: ${controlPlane.skipped}`);
    return;
  }
  process.env.SLIPWAY_TEST_KUBECONFIG = controlPlane.kubeconfig;
  try {
    await buildAndRelease();
  } finally {
    controlPlane.stop?.();
  }
}

async function buildAndRelease() {
  // Imported after the environment is set: the helpers read SLIPWAY_TEST_KUBECONFIG when loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cluster: typeof import('../plugins/slipway-backend/src/kubernetes/__testUtils__/realCluster') = require('../plugins/slipway-backend/src/kubernetes/__testUtils__/realCluster');
  if (!fs.existsSync(process.env.SLIPWAY_TEST_KUBECONFIG!)) {
    throw new Error(
      `No control plane: ${process.env.SLIPWAY_TEST_KUBECONFIG} is missing (start ../shared/k8s/up.sh)`,
    );
  }
  const registry = await startTestRegistry();
  const app = `bench-${cluster.uniqueSuffix()}`;
  const builder = `builders.example.test/${app}/builder:24`;
  const sourceDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'slipway-bench-src-'),
  );
  fs.writeFileSync(path.join(sourceDir, 'Procfile'), 'web: node server.js\n');
  fs.writeFileSync(path.join(sourceDir, 'server.js'), 'console.log(1)\n');
  try {
    const digest = await registry.pushImage(`slipway/${app}`, 'abcdef0');
    await cluster.setKubeletRules([
      {
        image: builder,
        phase: 'Succeeded',
        after: 2,
        // What the build script reports: the digest, then the Procfile it read.
        message: `${digest}\n--- Procfile\nweb: node server.js\n`,
        logs: '-----> Building {pod}\n-----> Done\n',
      },
    ]);
    const clusterEntry = await cluster.clusterConfig('bench');
    const api = new URL(clusterEntry.url);
    const config = new ConfigReader({
      slipway: {
        kubernetes: {
          clusters: [clusterEntry],
          build: {
            sourceBaseUrl: 'http://slipway.bench:7007/api/slipway',
            builder,
            repository: `${registry.host}/slipway`,
            registryUrl: registry.url,
          },
        },
      },
    });
    const deps = {
      config,
      logger: silentLogger,
      dataDir: os.tmpdir(),
      platformDomain: 'apps.example.test',
      buildSources: new BuildSources(
        fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-build-sources-')),
      ),
    };
    const executor = createKubernetesBuildExecutor(deps);
    const runtime = createKubernetesRuntime(deps);
    countRequests(api.hostname, api.port || '443');

    const measure = async <T>(what: string, run: () => Promise<T>) => {
      requests.length = 0;
      const started = process.hrtime.bigint();
      const result = await run();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const writes = requests.filter(r => !['GET'].includes(r.method)).length;
      const streams = requests.filter(r =>
        /[?&](watch|follow)=true/.test(r.path),
      ).length;
      console.log(
        `${what.padEnd(40)} ${String(requests.length).padStart(
          4,
        )} requests (${writes} writes, ${streams} watches/log streams)  ${ms.toFixed(
          0,
        )} ms`,
      );
      return result;
    };

    await runtime.createApp(app, 'bench');
    const outcome = await measure('build (Job, log, digest, verify)', () =>
      executor.build({
        app,
        sourceDir,
        sha: 'abcdef0123456789abcdef0123456789abcdef01',
        log: () => {},
      }),
    );
    const v2 = release(app, {
      version: 2,
      image: outcome.image,
      procfile: outcome.procfile,
    });
    const result = await measure('release v2 by digest (web=1)', () =>
      runtime.apply({ ...desiredState(app, v2, { web: 1 }), cluster: 'bench' }),
    );
    console.log(
      `image ${outcome.image}; release ${
        result.status ?? JSON.stringify(result).slice(0, 80)
      }`,
    );
    await runtime.deleteApp(app, 'bench');
  } finally {
    await registry.stop();
    fs.rmSync(sourceDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
