/*
 * Benchmark of the Kubernetes build Job on the real node of ../shared/k8s (npm run bench:kubernetes-real-node):
 * the build executor creates the Job, whose containers really run a stand-in builder image made by image.sh
 * (src/build/kubernetes/__testUtils__/standInBuilder; the CNB and BuildKit images cannot be pulled here). Its
 * fetch step downloads the source from a source server on the bridge gateway with the build's token, its
 * builder logs and reports the digest of an image already in the registry, and the backend verifies it.
 * Prints, per build and as medians: Job created → source fetched → the builder's first log line → digest
 * reported and verified. The first build also pulls the stand-in image onto the node.
 *
 * Needs the control plane and the real node (root), started or reused as the tests do: skipped without them,
 * unless CI is set (then it fails).
 */
import { ConfigReader } from '@backstage/config';
import express from 'express';
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createKubernetesBuildExecutor } from '../plugins/slipway-backend/src/build/kubernetes';
import {
  BuildSources,
  createSourceArchiveRouter,
} from '../plugins/slipway-backend/src/git/sourceArchive';
import { benchLogger, percentile } from './support';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const {
  ensureControlPlane,
  ensureRealNode,
} = require('../scripts/kubeControlPlane');

/** The source server's port on the bridge gateway (a spare port of this bench). */
const SOURCE_PORT = 7161;
const BUILDS = process.env.SLIPWAY_BENCH_SMOKE ? 2 : 6;
const STAND_IN = path.resolve(
  __dirname,
  '../plugins/slipway-backend/src/build/kubernetes/__testUtils__/standInBuilder',
);

async function main() {
  const controlPlane = ensureControlPlane(process.env);
  const skip = (why: string) => {
    if (process.env.CI) throw new Error(`${why}; CI requires this bench`);
    console.log(`Build on the real node skipped: ${why}`);
  };
  if (!controlPlane.kubeconfig) {
    skip(`the Kubernetes control plane cannot run: ${controlPlane.skipped}`);
    return;
  }
  try {
    const realNode = ensureRealNode(process.env, controlPlane.kubeconfig);
    if (!realNode.registry) {
      skip(`the real node cannot run: ${realNode.skipped}`);
      return;
    }
    process.env.SLIPWAY_TEST_KUBECONFIG = controlPlane.kubeconfig;
    process.env.SLIPWAY_TEST_REAL_NODE_REGISTRY = realNode.registry;
    await buildOnRealNode(realNode.registry);
  } finally {
    controlPlane.stop?.();
  }
}

async function buildOnRealNode(registry: string) {
  // Imported after the environment is set: the helpers read it when loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cluster: typeof import('../plugins/slipway-backend/src/kubernetes/__testUtils__/realCluster') = require('../plugins/slipway-backend/src/kubernetes/__testUtils__/realCluster');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const node: typeof import('../plugins/slipway-backend/src/kubernetes/__testUtils__/realNode') = require('../plugins/slipway-backend/src/kubernetes/__testUtils__/realNode');
  const app = `rb-bench-${cluster.uniqueSuffix()}`;
  const sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rb-bench-'));
  let server: Server | undefined;
  try {
    await node.ensurePodBridge();
    const [standIn, built] = await Promise.all([
      node.buildImageWithRootFiles(
        `rb-standin/builder:${app}`,
        path.join(STAND_IN, 'app'),
        path.join(STAND_IN, 'root'),
      ),
      node.buildImage(`rb-builds/${app}:prebuilt`, path.join(STAND_IN, 'app')),
    ]);
    fs.writeFileSync(
      path.join(sourceDir, 'Procfile'),
      'web: node /app/server.js\n',
    );
    fs.writeFileSync(
      path.join(sourceDir, 'slipway-standin.json'),
      JSON.stringify({ digest: built.split('@')[1] }),
    );

    // The backend's source endpoint, where the build pods reach this machine.
    const sources = new BuildSources(
      fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-build-sources-')),
    );
    let fetchedAt = 0;
    const web = express();
    web.use('/api/slipway', (_req, res, next) => {
      res.on('finish', () => {
        fetchedAt ||= performance.now();
      });
      next();
    });
    web.use('/api/slipway', createSourceArchiveRouter(sources));
    // The stand-in's refused fetches (the same token again, a wrong one): a quiet 401.
    web.use((error: any, _req: any, res: any, _next: any) => {
      res.status(error?.name === 'AuthenticationError' ? 401 : 500).end();
    });
    server = await new Promise<Server>((resolve, reject) => {
      const s = web.listen(SOURCE_PORT, node.POD_GATEWAY, () => resolve(s));
      s.once('error', reject);
    });

    const executor = createKubernetesBuildExecutor({
      config: new ConfigReader({
        slipway: {
          kubernetes: {
            clusters: [await cluster.clusterConfig('bench')],
            pods: {
              nodeSelector: [{ key: 'slipway.test/real-node', value: 'true' }],
              tolerations: node.realNodePlacement.tolerations,
            },
            build: {
              sourceBaseUrl: `http://${node.POD_GATEWAY}:${SOURCE_PORT}/api/slipway`,
              builder: standIn,
              fetcher: standIn,
              repository: `${registry}/rb-builds`,
              registryUrl: `http://${registry}`,
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '1', memory: '512Mi' },
              },
            },
          },
        },
      }),
      logger: benchLogger,
      dataDir: os.tmpdir(),
      platformDomain: 'apps.example.test',
      buildSources: sources,
    });

    const rows: number[][] = [];
    console.log(
      `build on the real node (${BUILDS}x): Job created → source fetched → builder's first line → digest verified (ms)`,
    );
    for (let i = 0; i < BUILDS; i++) {
      fetchedAt = 0;
      let jobAt = 0;
      let firstLineAt = 0;
      const started = performance.now();
      await executor.build({
        app,
        sourceDir,
        sha: `${String(i).padStart(7, '0')}0123456789abcdef0123456789abcdef0`,
        log: text => {
          if (!jobAt && text.includes('Cloud Native Buildpacks build with'))
            jobAt = performance.now();
          if (!firstLineAt && text.includes('===> stand-in builder'))
            firstLineAt = performance.now();
        },
      });
      const done = performance.now();
      const row = [
        fetchedAt - jobAt,
        firstLineAt - fetchedAt,
        done - firstLineAt,
        done - started,
      ];
      rows.push(row);
      console.log(
        `  build ${i + 1}${i === 0 ? ' (pulls the image)' : ''}: ${row
          .slice(0, 3)
          .map(ms => ms.toFixed(0))
          .join(' → ')}; push → digest ${row[3].toFixed(0)} ms`,
      );
    }
    const warm = rows.slice(1);
    if (warm.length) {
      const median = (k: number) =>
        percentile(
          warm.map(r => r[k]),
          50,
        ).toFixed(0);
      console.log(
        `  median of the builds after the first: Job → fetched ${median(
          0,
        )} ms, fetched → first line ${median(
          1,
        )} ms, first line → digest verified ${median(
          2,
        )} ms; push → digest ${median(3)} ms`,
      );
    }
  } finally {
    server?.close();
    fs.rmSync(sourceDir, { recursive: true, force: true });
    await cluster
      .adminObjects()
      .delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: app } })
      .catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
