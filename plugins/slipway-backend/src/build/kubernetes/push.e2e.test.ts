import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { slipwayEventsServiceRef } from '@slipway/plugin-slipway-node';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { slipwayPlugin } from '../../plugin';
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
} from '../../kubernetes/__testUtils__/realCluster';
import { eventually } from '../../runtime/local/testing/fixtures';

jest.setTimeout(180_000);
const run = promisify(execFile);

/**
 * `git push` with `slipway.runtime: kubernetes`, end to end: the real git client, the Slipway backend
 * plugin, the real control plane (as the ServiceAccount with the documented ClusterRole; its fake kubelet
 * plays the build pod) and a real registry. A push becomes a build Job and a release by digest.
 */
describeWithCluster('git push on Kubernetes', () => {
  describeWithRegistry('with a registry', () => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
    const suffix = uniqueSuffix();
    const app = `push-${suffix}`;
    const builder = `builders.example.test/${app}/builder:24`;
    let registry: TestRegistry;
    let dataDir: string;
    let sourceDir: string;

    beforeAll(async () => {
      registry = await startTestRegistry();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-k8s-push-'));
      sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-k8s-src-'));
      await applyAsAdmin([
        { ...documentedClusterRole('slipway'), metadata: { name: app } },
      ]);
    });
    afterAll(async () => {
      await registry?.stop();
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

    it('builds a push in a Job, streams its log, releases the image by digest, and rejects a failing build', async () => {
      const cluster = await clusterConfig('test', {
        clusterRole: app,
        serviceAccount: app,
      });
      const backend = await startTestBackend({
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
                encryptionKey: Buffer.alloc(32, 5).toString('base64'),
                reconcileInterval: { minutes: 10 },
                defaultCluster: 'test',
                kubernetes: {
                  clusters: [cluster],
                  retry: { attempts: 3, baseDelayMs: 50 },
                  ingress: { className: 'nginx' },
                  build: {
                    sourceBaseUrl: 'http://slipway.test:7007/api/slipway',
                    builder,
                    repository: `${registry.host}/slipway`,
                    registryUrl: registry.url,
                    deadlineSeconds: 120,
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
      try {
        const auth = mockCredentials.user.header('user:default/jane');
        const api = (method: 'get' | 'post', url: string, body?: object) =>
          request(backend.server)
            [method](`/api/slipway${url}`)
            .set('Authorization', auth)
            .send(body);
        const { port } = backend.server.address() as AddressInfo;

        expect((await api('post', '/apps', { name: app })).status).toBe(201);
        const token = (await api('post', `/apps/${app}/tokens`, {})).body.token;

        const digest = await registry.pushImage(`slipway/${app}`, 'built');
        await setKubeletRules([
          {
            image: builder,
            phase: 'Succeeded',
            after: 4,
            // The build reports the Procfile it read with the digest, as the build script does.
            message: `${digest}\n--- Procfile\nweb: node server.js\nrelease: node migrate.js\n`,
            logs: '-----> Building {pod}\n[INFO] Installing node_modules\n',
          },
        ]);
        fs.writeFileSync(
          path.join(sourceDir, 'Procfile'),
          'web: node server.js\nrelease: node migrate.js\n',
        );
        fs.writeFileSync(path.join(sourceDir, 'server.js'), 'console.log(1)');
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
        await git('init', '-q', '-b', 'main');
        await git('add', '-A');
        await git('commit', '-qm', 'first');
        const remote = `http://jane:${token}@127.0.0.1:${port}/api/slipway/git/${app}.git`;
        const pushing = git('push', remote, 'main');
        // The Procfile's release phase runs as a one-off Job: remember the images such Jobs run.
        const releasePhaseImages = new Set<string>();
        let watching = true;
        const watchRunJobs = (async () => {
          while (watching) {
            const jobs: any[] = (
              await adminObjects().list('batch/v1', 'Job', app)
            ).items;
            for (const j of jobs.filter(x =>
              x.metadata.name.startsWith(`${app}-run-`),
            ))
              releasePhaseImages.add(j.spec.template.spec.containers[0].image);
            await new Promise(r => setTimeout(r, 200));
          }
        })();

        // While it builds: the build is listed as running, with its log so far, and the Job's source is
        // served by the backend to the token in the build's Secret (and to nobody else).
        const running = await eventually(async () => {
          const [build] = (await api('get', `/apps/${app}/builds`)).body.items;
          if (build?.status !== 'pending') return undefined;
          const detail = (await api('get', `/apps/${app}/builds/${build.id}`))
            .body;
          return detail.log.includes('Installing node_modules')
            ? detail
            : undefined;
        }, 60_000);
        const [job]: any[] = (
          await adminObjects().list(
            'batch/v1',
            'Job',
            app,
            undefined,
            undefined,
            undefined,
            undefined,
            `slipway.io/build=${running.id}`,
          )
        ).items;
        const env = Object.fromEntries(
          job.spec.template.spec.initContainers[0].env.map((e: any) => [
            e.name,
            e,
          ]),
        );
        const secret: any = await adminObjects().read({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: env.SLIPWAY_SOURCE_TOKEN.valueFrom.secretKeyRef.name,
            namespace: app,
          },
        });
        const sourceUrl = env.SLIPWAY_SOURCE_URL.value.replace(
          'http://slipway.test:7007',
          `http://127.0.0.1:${port}`,
        );
        expect((await fetch(sourceUrl)).status).toBe(401);
        const archive = await fetch(sourceUrl, {
          headers: {
            authorization: `Bearer ${Buffer.from(
              secret.data.token,
              'base64',
            ).toString()}`,
          },
        });
        expect(archive.status).toBe(200);

        const push = await pushing;
        watching = false;
        await watchRunJobs;
        expect(push.stderr).toContain(`remote: -----> Building ${app}-build-`);
        expect(push.stderr).toContain('remote: [INFO] Installing node_modules');
        expect(push.stderr).toContain(`Released v2 at`);
        expect(push.stderr).not.toContain(token);

        const image = `${registry.host}/slipway/${app}@${digest}`;
        const release = (await api('get', `/apps/${app}/releases/2`)).body;
        expect(release).toMatchObject({
          status: 'succeeded',
          build: { id: running.id, image, status: 'succeeded' },
        });
        const deployment: any = await adminObjects().read({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: `${app}-web`, namespace: app },
        });
        expect(deployment.spec.template.spec.containers[0].image).toBe(image);
        expect([...releasePhaseImages]).toEqual([image]);

        // A failing build: the push is rejected with the reason and last lines, recorded failed, no release.
        await setKubeletRules([
          {
            image: builder,
            phase: 'Failed',
            after: 1,
            exitCode: 3,
            logs: 'ERROR: failed to build: exit status 3\n',
          },
        ]);
        fs.writeFileSync(path.join(sourceDir, 'server.js'), 'console.log(2)');
        await git('commit', '-qam', 'second');
        const rejected = await git('push', remote, 'main').then(
          () => undefined,
          error => error,
        );
        expect(rejected?.stderr).toContain(
          'remote: ! Build failed: the builder exited with code 3',
        );
        expect(rejected?.stderr).toContain(
          'remote: ERROR: failed to build: exit status 3',
        );
        const builds = (await api('get', `/apps/${app}/builds`)).body.items;
        expect(builds.map((b: any) => b.status)).toEqual([
          'failed',
          'succeeded',
        ]);
        expect((await api('get', `/apps/${app}/releases/3`)).status).toBe(404);
      } finally {
        await backend.stop();
      }
    });
  });
});
