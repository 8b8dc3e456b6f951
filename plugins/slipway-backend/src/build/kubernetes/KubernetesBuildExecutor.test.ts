import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { BuildOutcome, BuildRequest } from '@slipway/plugin-slipway-node';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import express from 'express';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  BuildSources,
  createSourceArchiveRouter,
} from '../../git/sourceArchive';
import {
  describeWithRegistry,
  startTestRegistry,
  type TestRegistry,
} from '../../registry/__testUtils__/testRegistry';
import {
  adminObjects,
  applyAsAdmin,
  clusterConfig,
  describeWithCluster,
  documentedClusterRole,
  setKubeletRules,
  uniqueSuffix,
  type KubeletRule,
} from '../../kubernetes/__testUtils__/realCluster';
import { eventually } from '../../runtime/local/testing/fixtures';
import { createKubernetesBuildExecutor } from './createKubernetesBuildExecutor';

jest.setTimeout(120_000);

/**
 * The `kubernetes` build executor against the real control plane (its fake kubelet plays the build pod:
 * log, exit code, termination message) and a real registry, acting as a ServiceAccount bound to exactly
 * the ClusterRole docs/kubernetes.md documents.
 */
describeWithCluster('the kubernetes build executor', () => {
  describeWithRegistry('against a real registry', () => {
    const suffix = uniqueSuffix();
    let registry: TestRegistry;
    let cluster: Awaited<ReturnType<typeof clusterConfig>>;
    let sources: BuildSources;
    let server: http.Server;
    let sourceBaseUrl: string;
    let sourceDir: string;
    const apps: string[] = [];
    const objects = () => adminObjects();

    beforeAll(async () => {
      registry = await startTestRegistry();
      const role = `slipway-builds-${suffix}`;
      await applyAsAdmin([
        {
          ...documentedClusterRole('slipway'),
          metadata: { name: role },
        },
      ]);
      cluster = await clusterConfig('builds', {
        clusterRole: role,
        serviceAccount: role,
      });
      sources = new BuildSources(
        fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-build-sources-')),
      );
      const app = express();
      app.use('/api/slipway', createSourceArchiveRouter(sources));
      app.use(
        MiddlewareFactory.create({
          config: new ConfigReader({}),
          logger: mockServices.logger.mock(),
        }).error(),
      );
      server = app.listen(0, '127.0.0.1');
      await new Promise(resolve => server.once('listening', resolve));
      sourceBaseUrl = `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }/api/slipway`;
    });

    afterAll(async () => {
      await registry?.stop();
      server?.close();
      for (const app of apps) {
        await objects()
          .delete({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: app },
          })
          .catch(() => {});
      }
      await objects()
        .delete({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: `slipway-builds-${suffix}` },
        })
        .catch(() => {});
    });

    beforeEach(() => {
      sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-k8s-build-'));
      fs.writeFileSync(
        path.join(sourceDir, 'Procfile'),
        'web: node server.js\nrelease: node migrate.js\n',
      );
      fs.writeFileSync(path.join(sourceDir, 'server.js'), 'console.log(1)');
    });
    afterEach(() => fs.rmSync(sourceDir, { recursive: true, force: true }));

    /** A new app (namespace) and a builder image name no other test's kubelet rule matches. */
    function newApp() {
      const app = `bld-${uniqueSuffix()}`;
      apps.push(app);
      return { app, builder: `builders.example.test/${app}/builder:24` };
    }

    function executor(
      builder: string,
      build: Record<string, unknown> = {},
      podSecurity = 'baseline',
    ) {
      return createKubernetesBuildExecutor({
        config: new ConfigReader({
          slipway: {
            kubernetes: {
              clusters: [cluster],
              podSecurity,
              retry: { attempts: 2, baseDelayMs: 50 },
              build: {
                sourceBaseUrl,
                builder,
                repository: `${registry.host}/slipway`,
                registryUrl: registry.url,
                push: { username: 'builder', password: 'push-secret' },
                resources: {
                  requests: { cpu: '250m', memory: '256Mi' },
                  limits: { cpu: '1', memory: '1Gi' },
                },
                deadlineSeconds: 120,
                ttlSecondsAfterFinished: 600,
                ...build,
              },
            },
          },
        }),
        logger: mockServices.logger.mock(),
        dataDir: os.tmpdir(),
        platformDomain: 'apps.example.test',
        buildSources: sources,
      });
    }

    function startBuild(
      builderImage: string,
      app: string,
      options: {
        build?: Record<string, unknown>;
        podSecurity?: string;
        signal?: AbortSignal;
      } = {},
    ) {
      let log = '';
      const request: BuildRequest = {
        app,
        sourceDir,
        sha: 'abcdef0123456789abcdef0123456789abcdef01',
        buildId: randomUUID(),
        log: chunk => {
          log += chunk;
        },
        signal: options.signal,
      };
      const outcome: Promise<BuildOutcome> = executor(
        builderImage,
        options.build,
        options.podSecurity,
      ).build(request);
      outcome.catch(() => {}); // awaited by the test
      return { outcome, log: () => log, buildId: request.buildId! };
    }

    const buildJobs = async (app: string) =>
      (
        await objects().list(
          'batch/v1',
          'Job',
          app,
          undefined,
          undefined,
          undefined,
          undefined,
          'slipway.io/role=build',
        )
      ).items as any[];

    async function rules(...list: KubeletRule[]) {
      await setKubeletRules(list);
    }

    it('builds in a hardened Job that fetches its source once, streams the log, and returns the image by its digest', async () => {
      const { app, builder } = newApp();
      const digest = await registry.pushImage(`slipway/${app}`, 'abcdef0');
      await rules({
        image: builder,
        phase: 'Succeeded',
        after: 3,
        exitCode: 0,
        // The build reports the Procfile it found with the digest (see buildReport.ts).
        message: `${digest}\n--- Procfile\nweb: node server.js\nrelease: node migrate.js\n`,
        logs: '-----> Building {pod}\n-----> Installing dependencies\n',
      });
      const build = startBuild(builder, app);

      // The Job as the API server stores it.
      const [job] = await eventually(async () => {
        const jobs = await buildJobs(app);
        return jobs.length ? jobs : undefined;
      });
      expect(job.metadata.labels).toMatchObject({
        'slipway.io/app': app,
        'slipway.io/build': build.buildId,
        'slipway.io/role': 'build',
      });
      expect(job.spec).toMatchObject({
        backoffLimit: 0,
        activeDeadlineSeconds: 120,
        ttlSecondsAfterFinished: 600,
      });
      const pod = job.spec.template.spec;
      expect(pod).toMatchObject({
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 5,
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      });
      const [fetcher] = pod.initContainers;
      const [container] = pod.containers;
      expect(container.image).toBe(builder);
      expect(container.command.join(' ')).toContain('/cnb/lifecycle/creator');
      expect(
        Object.fromEntries(container.env.map((e: any) => [e.name, e.value])),
      ).toMatchObject({
        SLIPWAY_IMAGE: `${registry.host}/slipway/${app}:abcdef0`,
        SLIPWAY_CACHE_IMAGE: `${registry.host}/slipway/${app}:build-cache`,
        DOCKER_CONFIG: '/slipway/registry',
      });
      for (const c of [fetcher, container]) {
        expect(c.securityContext).toEqual({
          runAsNonRoot: true,
          runAsUser: 1002,
          runAsGroup: 1000,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          // The fetcher writes only its volumes.
          ...(c === fetcher ? { readOnlyRootFilesystem: true } : {}),
        });
        expect(c.resources).toEqual({
          requests: { cpu: '250m', memory: '256Mi' },
          limits: { cpu: '1', memory: '1Gi' },
        });
      }
      // Push credentials come from a Secret mounted into the build pod only.
      expect(pod.volumes).toContainEqual({
        name: 'registry',
        secret: {
          secretName: 'slipway-registry-push',
          items: [{ key: '.dockerconfigjson', path: 'config.json' }],
          defaultMode: 420,
        },
      });
      const push: any = await objects().read({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'slipway-registry-push', namespace: app },
      });
      expect(
        JSON.parse(
          Buffer.from(push.data['.dockerconfigjson'], 'base64').toString(),
        ).auths[registry.host].password,
      ).toBe('push-secret');

      // The source, fetched the way the init container does: URL from its env, token from its Secret.
      const env = Object.fromEntries(fetcher.env.map((e: any) => [e.name, e]));
      const secretName = env.SLIPWAY_SOURCE_TOKEN.valueFrom.secretKeyRef.name;
      const secret: any = await objects().read({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secretName, namespace: app },
      });
      expect(secret.metadata.ownerReferences[0]).toMatchObject({
        kind: 'Job',
        name: job.metadata.name,
      });
      const token = Buffer.from(secret.data.token, 'base64').toString();
      const fetchSource = () =>
        fetch(env.SLIPWAY_SOURCE_URL.value, {
          headers: { authorization: `Bearer ${token}` },
        });
      const archive = await fetchSource();
      expect(archive.status).toBe(200);
      const files = execFileSync('tar', ['-tz'], {
        input: Buffer.from(await archive.arrayBuffer()),
        encoding: 'utf8',
      });
      expect(files.split('\n').sort()).toEqual(
        expect.arrayContaining(['./Procfile', './server.js']),
      );
      expect((await fetchSource()).status).toBe(401);

      const outcome = await build.outcome;
      expect(outcome).toEqual({
        image: `${registry.host}/slipway/${app}@${digest}`,
        procfile: { release: 'node migrate.js', web: 'node server.js' },
      });
      expect(build.log()).toContain(`-----> Building ${job.metadata.name}`);
      expect(build.log()).toContain('-----> Installing dependencies');
      // The token's Secret is gone with the build.
      await expect(
        objects().read({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: secretName, namespace: app },
        }),
      ).rejects.toMatchObject({ code: 404 });
    });

    it('learns the process types from the build, never from a file on the backend host', async () => {
      const { app, builder } = newApp();
      const secret = `root-only-${randomUUID()}`;
      const keyFile = path.join(os.tmpdir(), `slipway-key-${randomUUID()}`);
      fs.writeFileSync(keyFile, `web: ${secret}\n`, { mode: 0o600 });
      try {
        // A pushed Procfile linked to a root-only file of the backend's machine.
        fs.rmSync(path.join(sourceDir, 'Procfile'));
        fs.symlinkSync(keyFile, path.join(sourceDir, 'Procfile'));
        const digest = await registry.pushImage(`slipway/${app}`, 'abcdef0');
        await rules({
          image: builder,
          phase: 'Succeeded',
          after: 1,
          // In the pod the link leads nowhere: the build reports no Procfile.
          message: `${digest}\n`,
        });
        const build = startBuild(builder, app);
        const outcome = await build.outcome;
        expect(outcome.procfile).toEqual({ web: '' });
        expect(JSON.stringify(outcome) + build.log()).not.toContain(secret);
      } finally {
        fs.rmSync(keyFile, { force: true });
      }
    });

    it('refuses a Procfile the build reports that is not valid or too large', async () => {
      const { app, builder } = newApp();
      const digest = await registry.pushImage(`slipway/${app}`, 'abcdef0');
      await rules({
        image: builder,
        phase: 'Succeeded',
        after: 1,
        message: `${digest}\n--- Procfile\n${'x'.repeat(3100)}\n`,
      });
      await expect(startBuild(builder, app).outcome).rejects.toThrow(
        'the Procfile is larger than 3072 bytes, the most a Kubernetes build reports',
      );
      const other = newApp();
      const otherDigest = await registry.pushImage(
        `slipway/${other.app}`,
        'abcdef0',
      );
      await rules({
        image: other.builder,
        phase: 'Succeeded',
        after: 1,
        message: `${otherDigest}\n--- Procfile\nnot a process line\n`,
      });
      await expect(
        startBuild(other.builder, other.app).outcome,
      ).rejects.toThrow(
        'Procfile line 1: expected "<process type>: <command>"',
      );
    });

    it('refuses a source tree over slipway.local.maxSourceBytes before any Job exists', async () => {
      const { app, builder } = newApp();
      const handle = fs.openSync(path.join(sourceDir, 'zeros.bin'), 'w');
      fs.ftruncateSync(handle, 2 * 1024 * 1024 * 1024);
      fs.closeSync(handle);
      await expect(startBuild(builder, app).outcome).rejects.toThrow(
        'the pushed source is too large: its files add up to more than the 512 MiB allowed (slipway.local.maxSourceBytes)',
      );
      expect(await buildJobs(app)).toEqual([]);
    });

    it('builds a repository with a root Dockerfile with rootless BuildKit', async () => {
      const { app, builder } = newApp();
      const buildkit = `builders.example.test/${app}/buildkit:rootless`;
      fs.writeFileSync(path.join(sourceDir, 'Dockerfile'), 'FROM scratch\n');
      fs.rmSync(path.join(sourceDir, 'Procfile'));
      const digest = await registry.pushImage(`slipway/${app}`, 'abcdef0');
      await rules({
        image: buildkit,
        phase: 'Succeeded',
        after: 1,
        message: digest,
      });
      const build = startBuild(builder, app, {
        build: { dockerfileBuilder: buildkit },
        // Rootless BuildKit needs Unconfined seccomp and AppArmor, which "baseline" refuses.
        podSecurity: 'privileged',
      });
      expect(await build.outcome).toEqual({
        image: `${registry.host}/slipway/${app}@${digest}`,
        procfile: { web: '' },
      });
      const [job] = await buildJobs(app);
      const [container] = job.spec.template.spec.containers;
      expect(container.image).toBe(buildkit);
      expect(container.command.join(' ')).toContain('buildctl-daemonless.sh');
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        capabilities: { drop: ['ALL'], add: ['SETUID', 'SETGID'] },
      });
      expect(build.log()).toContain('Dockerfile build');
    });

    it('refuses a Dockerfile build at once where Pod Security would refuse its pod', async () => {
      const { app, builder } = newApp();
      fs.writeFileSync(path.join(sourceDir, 'Dockerfile'), 'FROM scratch\n');
      const build = startBuild(builder, app);
      await expect(build.outcome).rejects.toThrow(
        /Pod Security "baseline".*Remove the Dockerfile to build with buildpacks, or set slipway.kubernetes.podSecurity: privileged/,
      );
      expect(await buildJobs(app)).toEqual([]);
    });

    it('fails with the exit code and the last lines of the log, and no image', async () => {
      const { app, builder } = newApp();
      await rules({
        image: builder,
        phase: 'Failed',
        after: 1,
        exitCode: 7,
        logs: '-----> Installing dependencies\nnpm ERR! missing script: build\n',
      });
      const build = startBuild(builder, app);
      await expect(build.outcome).rejects.toThrow(
        /the builder exited with code 7\nLast lines of the build:\n[\s\S]*npm ERR! missing script: build/,
      );
      expect(build.log()).toContain('npm ERR! missing script: build');
    });

    it('refuses a build that reports no digest, or a digest the registry does not have', async () => {
      const { app, builder } = newApp();
      await rules({
        image: builder,
        phase: 'Succeeded',
        after: 1,
        message: 'pushed!',
      });
      await expect(startBuild(builder, app).outcome).rejects.toThrow(
        'the build finished without reporting the digest of a pushed image',
      );
      const other = newApp();
      await rules({
        image: other.builder,
        phase: 'Succeeded',
        after: 1,
        message: `sha256:${'1'.repeat(64)}`,
      });
      await expect(
        startBuild(other.builder, other.app).outcome,
      ).rejects.toThrow(
        `the registry has no image ${registry.host}/slipway/${
          other.app
        }@sha256:${'1'.repeat(64)}`,
      );
    });

    it('stops a build at its deadline', async () => {
      const { app, builder } = newApp();
      await rules({ image: builder, phase: 'Succeeded', after: 600 });
      const build = startBuild(builder, app, { build: { deadlineSeconds: 4 } });
      await expect(build.outcome).rejects.toThrow(
        'the build took longer than 4 seconds and was stopped',
      );
    });

    it('queues a newer build of the app behind the running one, also from another backend replica', async () => {
      const { app, builder } = newApp();
      const digest = await registry.pushImage(`slipway/${app}`, 'abcdef0');
      await rules({
        image: builder,
        phase: 'Succeeded',
        after: 4,
        message: digest,
      });
      const first = startBuild(builder, app);
      await eventually(async () => (await buildJobs(app)).length === 1);
      const second = startBuild(builder, app); // its own executor: another replica
      await Promise.all([first.outcome, second.outcome]);
      expect(second.log()).toContain(
        `-----> Waiting for the running build ${first.buildId} of ${app}...`,
      );
      const jobs = await buildJobs(app);
      const byBuild = (id: string) =>
        jobs.find(j => j.metadata.labels['slipway.io/build'] === id);
      expect(
        Date.parse(byBuild(second.buildId).metadata.creationTimestamp),
      ).toBeGreaterThanOrEqual(
        Date.parse(byBuild(first.buildId).status.completionTime) - 1000,
      );
    });

    it('deletes the Job when the push is cancelled', async () => {
      const { app, builder } = newApp();
      await rules({
        image: builder,
        phase: 'Succeeded',
        after: 600,
        logs: 'working\n',
      });
      const controller = new AbortController();
      const build = startBuild(builder, app, { signal: controller.signal });
      await eventually(() => build.log().includes('working'), 60_000);
      controller.abort();
      await expect(build.outcome).rejects.toThrow('the build was cancelled');
      await eventually(async () => (await buildJobs(app)).length === 0, 60_000);
    });
  });
});
