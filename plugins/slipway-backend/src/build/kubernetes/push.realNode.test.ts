import { createServiceFactory } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import type { Server } from 'node:http';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { slipwayEventsServiceRef } from '@slipway/plugin-slipway-node';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { slipwayPlugin } from '../../plugin';
import {
  adminObjects,
  applyAsAdmin,
  clusterConfig,
  documentedClusterRole,
  uniqueSuffix,
} from '../../kubernetes/__testUtils__/realCluster';
import {
  POD_GATEWAY,
  buildImage,
  buildImageWithRootFiles,
  describeWithRealNode,
  ensurePodBridge,
  realNodePlacement,
  relayFromPods,
} from '../../kubernetes/__testUtils__/realNode';
import { eventually } from '../../runtime/local/testing/fixtures';
import { silentLogger } from '../../kubernetes/__testUtils__/platformDeps';
import {
  BuildSources,
  createSourceArchiveRouter,
} from '../../git/sourceArchive';
import { createKubernetesBuildExecutor } from './createKubernetesBuildExecutor';

jest.setTimeout(300_000);
const run = promisify(execFile);

/** Where the relay to the backend listens for the build pods (a spare port of this suite). */
const RELAY_PORT = 7160;
/** Long enough for a build on a loaded machine, short enough to wait for one that overruns. */
const DEADLINE_SECONDS = 60;
/** The port of the source server of the test that drives the build executor alone. */
const SOURCE_PORT = 7162;
/** `slipway.kubernetes.pods` that puts every pod on the real node. */
const podsOnRealNode = {
  nodeSelector: [{ key: 'slipway.test/real-node', value: 'true' }],
  tolerations: realNodePlacement.tolerations,
};
const STAND_IN = path.join(__dirname, '__testUtils__', 'standInBuilder');

/** The hash the stand-in builder logs for the tree it fetched (`creator`): the same walk over the pushed files. */
function treeHash(dir: string): string {
  const walk = (at: string, prefix: string): string[] =>
    fs
      .readdirSync(at, { withFileTypes: true })
      .filter(entry => !(prefix === '' && entry.name === '.git'))
      // Byte order, as the stand-in sorts (names in one directory differ).
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap(entry =>
        entry.isDirectory()
          ? walk(path.join(at, entry.name), `${prefix}${entry.name}/`)
          : [`${prefix}${entry.name}`],
      );
  const hash = createHash('sha256');
  for (const file of walk(dir, '')) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The build Job's plumbing with real containers: `git push` to an app on the Kubernetes runtime, the build
 * Job on the real node of ../shared/k8s, with a stand-in builder image (the CNB and BuildKit images cannot be
 * pulled here) whose fetch step really downloads the pushed source from the backend with its single-use token
 * and whose builder checks it, logs, and reports a digest in the real builders' format. The backend listens
 * for build pods on the bridge gateway, as `sourceBaseUrl` says.
 */
describeWithRealNode('git push on Kubernetes, built on a real node', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const app = `rb-${uniqueSuffix()}`;
  const registryHost = process.env.SLIPWAY_TEST_REAL_NODE_REGISTRY!;
  let dataDir: string;
  let sourceDir: string;
  let relay: Awaited<ReturnType<typeof relayFromPods>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let remote: string;
  let builtDigest: string;
  let standIn: string;
  let backendPort: number;
  const auth = mockCredentials.user.header('user:default/jane');
  const api = (method: 'get' | 'post', url: string, body?: object) =>
    request(backend.server)
      [method](`/api/slipway${url}`)
      .set('Authorization', auth)
      .send(body);
  const git = (...args: string[]) =>
    run('git', args, {
      cwd: sourceDir,
      env: {
        PATH: process.env.PATH,
        HOME: sourceDir,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_TERMINAL_PROMPT: '0',
        GIT_AUTHOR_NAME: 'Jane',
        GIT_AUTHOR_EMAIL: 'jane@example.com',
        GIT_COMMITTER_NAME: 'Jane',
        GIT_COMMITTER_EMAIL: 'jane@example.com',
      },
    });
  /** Commits the source with the stand-in builder's plan and pushes it; the push's output, or its error. */
  const push = async (plan: object) => {
    fs.writeFileSync(
      path.join(sourceDir, 'slipway-standin.json'),
      JSON.stringify(plan),
    );
    await git('add', '-A');
    await git('commit', '-qm', `plan ${JSON.stringify(plan).slice(0, 40)}`);
    return git('push', remote, 'main').then(
      ({ stderr }) => ({ ok: true, stderr }),
      error => ({ ok: false, stderr: String(error.stderr) }),
    );
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rb-data-'));
    sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rb-src-'));
    await ensurePodBridge();
    relay = await relayFromPods(RELAY_PORT);
    let built: string;
    [standIn, built] = await Promise.all([
      // One image for both steps: its /usr/local/bin/curl fetches, its /cnb/lifecycle/creator "builds".
      buildImageWithRootFiles(
        `rb-standin/builder:${app}`,
        path.join(STAND_IN, 'app'),
        path.join(STAND_IN, 'root'),
      ),
      // What the stand-in reports as built: an image already in the registry, in the app's repository.
      buildImage(`rb-builds/${app}:prebuilt`, path.join(STAND_IN, 'app')),
    ]);
    builtDigest = built.split('@')[1];
    await applyAsAdmin([
      { ...documentedClusterRole('slipway'), metadata: { name: app } },
    ]);
    const cluster = await clusterConfig('test', {
      clusterRole: app,
      serviceAccount: app,
    });
    backend = await startTestBackend({
      features: [
        slipwayPlugin,
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        mockServices.rootConfig.factory({
          data: {
            slipway: {
              runtime: 'kubernetes',
              router: 'ingress',
              dataDir,
              domain: 'apps.example.test',
              encryptionKey: Buffer.alloc(32, 7).toString('base64'),
              reconcileInterval: { minutes: 10 },
              defaultCluster: 'test',
              kubernetes: {
                clusters: [cluster],
                retry: { attempts: 3, baseDelayMs: 50 },
                ingress: { className: 'nginx' },
                // Every pod Slipway makes lands on the real node, builds included.
                pods: podsOnRealNode,
                build: {
                  sourceBaseUrl: `http://${POD_GATEWAY}:${RELAY_PORT}/api/slipway`,
                  builder: standIn,
                  fetcher: standIn,
                  repository: `${registryHost}/rb-builds`,
                  registryUrl: `http://${registryHost}`,
                  // Short, so that a build that overruns is stopped within the test.
                  deadlineSeconds: DEADLINE_SECONDS,
                  resources: {
                    requests: { cpu: '100m', memory: '128Mi' },
                    limits: { cpu: '1', memory: '512Mi' },
                  },
                },
              },
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        createServiceFactory({
          service: slipwayEventsServiceRef,
          deps: {},
          factory: () => ({
            publish: async () => {},
            subscribe: async () => {},
          }),
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    backendPort = port;
    relay.setTarget(port);
    const created = await api('post', '/apps', { name: app });
    if (created.status !== 201) {
      throw new Error(`creating ${app} answered ${created.status}`);
    }
    const token = (await api('post', `/apps/${app}/tokens`, {})).body.token;
    remote = `http://jane:${token}@127.0.0.1:${port}/api/slipway/git/${app}.git`;
    fs.writeFileSync(
      path.join(sourceDir, 'Procfile'),
      'web: node /app/server.js\n',
    );
    fs.copyFileSync(
      path.join(STAND_IN, 'app', 'server.js'),
      path.join(sourceDir, 'server.js'),
    );
    await git('init', '-q', '-b', 'main');
  });

  afterAll(async () => {
    await backend?.stop();
    await relay?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(sourceDir, { recursive: true, force: true });
    for (const [apiVersion, kind, name] of [
      ['v1', 'Namespace', app],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', app],
    ]) {
      await adminObjects()
        .delete({ apiVersion, kind, metadata: { name } })
        .catch(() => {});
    }
  });

  it('fetches the source once with its token, streams the real builder log, releases the reported digest, and runs it on the node', async () => {
    const pushed = await push({
      digest: builtDigest,
      log: ['[INFO] Installing dependencies (stand-in)'],
    });
    const sha = (await git('rev-parse', 'HEAD')).stdout.trim();
    expect(pushed).toMatchObject({ ok: true });
    const out = pushed.stderr;
    // The real process's log, streamed into the push as it ran.
    expect(out).toContain(
      `remote: ===> stand-in builder: building ${registryHost}/rb-builds/${app}:${sha.slice(
        0,
        7,
      )}`,
    );
    expect(out).toContain('remote: [INFO] Installing dependencies (stand-in)');
    // The fetch step got the archive with the token, and the backend refused it a second time and a wrong one.
    expect(out).toMatch(
      /remote: -----> Source fetch: fetched \d+ bytes with the build's token/,
    );
    expect(out).toContain(
      'remote: -----> Source fetch: the same token again: 401',
    );
    expect(out).toContain('remote: -----> Source fetch: a wrong token: 401');
    // What arrived is what was pushed, without .git.
    expect(out).toContain(
      `remote: -----> Source: 3 files (Procfile, server.js, slipway-standin.json), tree ${treeHash(
        sourceDir,
      )}`,
    );
    // The pod's hardening holds on a real node: its process runs as the CNB user, with no API token.
    expect(out).toContain(
      'remote: -----> Running as uid 1002 gid 1000; service account token not mounted',
    );
    // Its memory limit is the configured one, as the kernel applies it.
    expect(out).toContain(
      `remote: -----> Memory limit: ${512 * 1024 * 1024} bytes`,
    );
    expect(out).toContain(
      `remote: -----> Pushed ${registryHost}/rb-builds/${app}:${sha.slice(
        0,
        7,
      )} (${builtDigest})`,
    );
    expect(out).toContain('Released v2 at');

    const image = `${registryHost}/rb-builds/${app}@${builtDigest}`;
    expect((await api('get', `/apps/${app}/releases/2`)).body).toMatchObject({
      status: 'succeeded',
      build: {
        image,
        status: 'succeeded',
        procfile: { web: 'node /app/server.js' },
      },
    });
    const pods: any[] = (await adminObjects().list('v1', 'Pod', app)).items;
    const buildPod = pods.find(
      p => p.metadata.labels?.['slipway.io/role'] === 'build',
    );
    expect(buildPod.spec.nodeName).toBe('real-1');
    expect(buildPod.status.phase).toBe('Succeeded');

    // The released image serves from the real node, at its pod's own address.
    const answer = await eventually(async () => {
      const web = (
        (await adminObjects().list('v1', 'Pod', app)).items as any[]
      ).find(
        p =>
          p.metadata.labels?.['slipway.io/type'] === 'web' &&
          p.status?.podIP &&
          p.status.conditions?.some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
      );
      if (!web) return undefined;
      expect(web.spec.nodeName).toBe('real-1');
      expect(web.spec.containers[0].image).toBe(image);
      const response = await fetch(`http://${web.status.podIP}:5000/`).catch(
        () => undefined,
      );
      return response?.ok ? response.text() : undefined;
    }, 60_000);
    expect(answer).toContain('built by the stand-in builder');
  });

  it('fails a build that reports a digest the registry lacks or a malformed one, exits, cannot fetch, or overruns, saying why', async () => {
    const missing = `sha256:${randomBytes(32).toString('hex')}`;
    const absent = await push({ digest: missing });
    expect(absent.ok).toBe(false);
    expect(absent.stderr).toContain(
      `remote: ! Build failed: the registry has no image ${registryHost}/rb-builds/${app}@${missing} (the push did not arrive)`,
    );

    const malformed = await push({ digest: 'sha256:not-a-digest' });
    expect(malformed.ok).toBe(false);
    expect(malformed.stderr).toContain(
      'remote: ! Build failed: the build finished without reporting the digest of a pushed image',
    );

    const failing = await push({ digest: builtDigest, exitCode: 5 });
    expect(failing.ok).toBe(false);
    expect(failing.stderr).toContain(
      'remote: ! Build failed: the builder exited with code 5',
    );
    expect(failing.stderr).toContain(
      'remote: ERROR: failed to build: exit status 5',
    );

    // Nothing listening where `sourceBaseUrl` points: the fetch step fails, and its own error is shown.
    await relay.close();
    const unreachable = await push({ digest: builtDigest });
    relay = await relayFromPods(RELAY_PORT);
    relay.setTarget(backendPort);
    expect(unreachable.ok).toBe(false);
    expect(unreachable.stderr).toContain(
      'remote: ! Build failed: fetching the source failed (exit code 7); build pods fetch it from slipway.kubernetes.build.sourceBaseUrl',
    );
    expect(unreachable.stderr).toContain(
      `remote: curl: (7) Failed to connect to http://${POD_GATEWAY}:${RELAY_PORT}/api/slipway/build-sources/`,
    );

    // A build that overruns its deadline is stopped by the Job controller on the node. While its process
    // runs, what it logged so far is already in the build's log: streamed, not collected at the end.
    const slowPush = push({ digest: builtDigest, sleepSeconds: 600 });
    const running = await eventually(async () => {
      const [build] = (await api('get', `/apps/${app}/builds`)).body.items;
      if (build?.status !== 'pending') return undefined;
      const detail = (await api('get', `/apps/${app}/builds/${build.id}`)).body;
      return detail.log.includes('-----> Working for 600 s')
        ? detail
        : undefined;
    }, DEADLINE_SECONDS * 1000);
    expect(running.log).toContain('-----> Source fetch: a wrong token: 401');
    const slow = await slowPush;
    expect(slow.ok).toBe(false);
    expect(slow.stderr).toContain('remote: -----> Working for 600 s');
    expect(slow.stderr).toContain(
      `remote: ! Build failed: the build took longer than ${DEADLINE_SECONDS} seconds and was stopped`,
    );

    const builds = (await api('get', `/apps/${app}/builds`)).body.items;
    expect(builds.map((b: any) => b.status)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'succeeded',
    ]);
    expect((await api('get', `/apps/${app}/releases/3`)).status).toBe(404);
  });

  it('fails at once when the node cannot pull the builder image, and removes the Job so that the next push does not wait', async () => {
    // The build executor alone, with a builder image the registry does not have; its source server is
    // where the pods reach this machine.
    const sources = new BuildSources(
      fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-build-sources-')),
    );
    const web = express();
    web.use('/api/slipway', createSourceArchiveRouter(sources));
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = web.listen(SOURCE_PORT, POD_GATEWAY, () =>
        resolve(listening),
      );
      listening.once('error', reject);
    });
    try {
      const missing = `${registryHost}/rb-standin/missing:${app}`;
      const executor = createKubernetesBuildExecutor({
        config: new ConfigReader({
          slipway: {
            kubernetes: {
              clusters: [
                await clusterConfig('test', {
                  clusterRole: app,
                  serviceAccount: app,
                }),
              ],
              pods: podsOnRealNode,
              build: {
                sourceBaseUrl: `http://${POD_GATEWAY}:${SOURCE_PORT}/api/slipway`,
                builder: missing,
                fetcher: standIn,
                repository: `${registryHost}/rb-builds`,
                registryUrl: `http://${registryHost}`,
              },
            },
          },
        }),
        logger: silentLogger,
        dataDir,
        platformDomain: 'apps.example.test',
        buildSources: sources,
      });
      await expect(
        executor.build({
          app,
          sourceDir,
          sha: 'abcdef0123456789abcdef0123456789abcdef01',
          log: () => {},
        }),
      ).rejects.toThrow(
        new RegExp(
          `the builder image ${missing.replace(
            /[.]/g,
            '\\.',
          )} cannot be started: (ErrImagePull|ImagePullBackOff)`,
        ),
      );
      const active = (
        (
          await adminObjects().list(
            'batch/v1',
            'Job',
            app,
            undefined,
            undefined,
            undefined,
            undefined,
            'slipway.io/role=build',
          )
        ).items as any[]
      ).filter(
        job =>
          !job.metadata.deletionTimestamp &&
          !(job.status?.conditions ?? []).some(
            (c: any) =>
              ['Complete', 'Failed'].includes(c.type) && c.status === 'True',
          ),
      );
      expect(active.map(job => job.metadata.name)).toEqual([]);
    } finally {
      server.close();
    }
  });
});
