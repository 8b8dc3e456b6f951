import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import WebSocket from 'ws';
import {
  describeWithCluster,
  setKubeletRules,
  uniqueSuffix,
} from '../kubernetes/__testUtils__/realCluster';
import {
  connectToRealCluster,
  deleteNamespaces,
  type RealConnection,
} from '../kubernetes/__testUtils__/realConnection';
import {
  describeWithRegistry,
  startTestRegistry,
  type TestRegistry,
} from '../registry/__testUtils__/testRegistry';
import { eventually } from '../runtime/local/testing/fixtures';
import { replicaConfig, startReplicas } from './__testUtils__/replicaSet';
import { startRoundRobinProxy } from './__testUtils__/roundRobinProxy';
import type { Replica } from './__testUtils__/startReplica';
import { userApi } from '../api/__testUtils__/userApi';

jest.setTimeout(240_000);
const run = promisify(execFile);

/**
 * What a user sees live, whichever replica serves them: two backend replicas (Backstage's events
 * backend and signals backend in each) on one PostgreSQL and the real control plane. A page's
 * signals, a log stream and a `git push` whose requests land on different replicas.
 */
describeWithCluster(
  'live pages, log streams and pushes across replicas',
  () => {
    describeWithRegistry('with a registry', () => {
      const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
      const auth = mockCredentials.user.header('user:default/jane');
      const apps = [
        `live-${uniqueSuffix()}`,
        `push-${uniqueSuffix()}`,
        `tail-${uniqueSuffix()}`,
      ];
      const builder = `builders.example.test/${apps[1]}/builder:24`;
      let connection: RealConnection;
      let registry: TestRegistry;
      let dataDir: string;
      let sourceDir: string;
      let replicas: Replica[] = [];
      let knex: Knex;
      const api = (port: number) => userApi(`http://127.0.0.1:${port}`);

      beforeAll(async () => {
        knex = await databases.init('POSTGRES_15');
        connection = await connectToRealCluster();
        registry = await startTestRegistry();
        dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-across-'));
        sourceDir = fs.mkdtempSync(
          path.join(os.tmpdir(), 'slipway-across-src-'),
        );
        const config = replicaConfig({
          dataDir,
          cluster: connection.cluster,
          instance: apps[0],
          leaseSeconds: 5,
          kubernetes: {
            build: {
              sourceBaseUrl: 'http://slipway.test:7007/api/slipway',
              builder,
              repository: `${registry.host}/slipway`,
              registryUrl: registry.url,
              deadlineSeconds: 120,
            },
          },
        });
        replicas = await startReplicas(2, {
          connection: knex.client.config.connection,
          config,
        });
      });
      afterAll(async () => {
        for (const replica of replicas) replica.process.kill('SIGKILL');
        await registry?.stop();
        await connection?.close();
        await deleteNamespaces(apps);
        for (const dir of [dataDir, sourceDir])
          if (dir) fs.rmSync(dir, { recursive: true, force: true });
      });

      it('tells a page open on one replica of a change made on the other, and streams logs from either', async () => {
        const [a, b] = replicas;
        const [app] = apps;
        await api(a.port).post('/apps', { name: app }).expect(201);

        // A page connected to replica b, listening to the app's channel (as useSignal does).
        const socket = new WebSocket(`ws://127.0.0.1:${b.port}/api/signals`, [
          mockCredentials.user.token(),
        ]);
        const received: { channel: string; message: unknown }[] = [];
        socket.on('message', data => received.push(JSON.parse(String(data))));
        await new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        });
        try {
          socket.send(
            JSON.stringify({
              action: 'subscribe',
              channel: `slipway:app:${app}`,
            }),
          );
          // The subscription is a message: make sure b has it before the change.
          await new Promise(resolve => setTimeout(resolve, 500));

          // The change is made on replica a (a config change: the app has no processes yet, so
          // nothing happens to it on b): b's page hears of it through the events bus.
          await api(a.port)
            .patch(`/apps/${app}/config`, { values: { GREETING: 'hi' } })
            .expect(201);
          await eventually(
            () =>
              received.some(
                r =>
                  r.channel === `slipway:app:${app}` &&
                  JSON.stringify(r.message) === JSON.stringify({ app }),
              ),
            30_000,
          );
        } finally {
          socket.close();
        }
        // Through the events backend's bus: the signals backend of each replica has its subscription there.
        const subscriptions = await knex
          .withSchema('events')
          .from('event_bus_subscriptions')
          .where('id', 'like', 'signals.%');
        expect(subscriptions).toHaveLength(2);

        // Logs of the processes replica a deployed, followed through replica b (from the API server).
        await api(a.port)
          .post(`/apps/${app}/builds`, {
            image: `registry.example.test/${app}:1`,
            procfile: { web: 'node server.js' },
          })
          .expect(201);
        await eventually(async () => {
          const res = await api(b.port).get(`/apps/${app}`);
          return res.body.release?.status === 'succeeded' ? res : undefined;
        }, 60_000);
        const controller = new AbortController();
        const stream = await fetch(
          `http://127.0.0.1:${b.port}/api/slipway/apps/${app}/logs?follow=true`,
          { headers: { Authorization: auth }, signal: controller.signal },
        );
        expect(stream.status).toBe(200);
        expect(stream.headers.get('content-type')).toMatch(
          /text\/event-stream/,
        );
        const reader = stream.body!.getReader();
        let text = '';
        while (!/started in/.test(text)) {
          const { value, done } = await reader.read();
          if (done) break;
          text += Buffer.from(value).toString();
        }
        controller.abort();
        expect(text).toMatch(new RegExp(`started in ${app}-web-`));
      });

      it('builds and releases a `git push` whose info/refs and receive-pack land on different replicas', async () => {
        const app = apps[1];
        const proxy = await startRoundRobinProxy(() =>
          replicas.map(r => r.port),
        );
        try {
          await api(replicas[0].port).post('/apps', { name: app }).expect(201);
          const { token } = (
            await api(replicas[0].port).post(`/apps/${app}/tokens`, {})
          ).body;
          const digest = await registry.pushImage(`slipway/${app}`, 'built');
          await setKubeletRules([
            {
              image: builder,
              phase: 'Succeeded',
              after: 2,
              message: `${digest}\n--- Procfile\nweb: node server.js\n`,
              logs: '-----> Building {pod}\n',
            },
          ]);
          fs.writeFileSync(
            path.join(sourceDir, 'Procfile'),
            'web: node server.js\n',
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
          const remote = `http://jane:${token}@127.0.0.1:${proxy.port}/api/slipway/git/${app}.git`;
          const push = await git('push', remote, 'main');
          expect(push.stderr).toContain(
            `remote: -----> Building ${app}-build-`,
          );
          expect(push.stderr).toContain('Released v2 at');

          // The push's own requests: the refs advertisement and the pack went to different replicas.
          const gitRequests = proxy.forwarded.filter(f =>
            f.url.includes(`/git/${app}.git/`),
          );
          const advertisement = gitRequests.findLast(f =>
            f.url.includes('info/refs?service=git-receive-pack'),
          )!;
          const pack = gitRequests.findLast(f =>
            f.url.endsWith('/git-receive-pack'),
          )!;
          expect(pack.method).toBe('POST');
          expect(advertisement.port).not.toBe(pack.port);

          const release = (
            await api(replicas[1].port).get(`/apps/${app}/releases/2`)
          ).body;
          expect(release).toMatchObject({
            status: 'succeeded',
            build: {
              image: `${registry.host}/slipway/${app}@${digest}`,
              status: 'succeeded',
            },
          });
          // A fetch through both replicas sees the pushed commit.
          const head = (await git('rev-parse', 'HEAD')).stdout.trim();
          const remoteRefs = (await git('ls-remote', remote)).stdout;
          expect(remoteRefs).toContain(`${head}\trefs/heads/main`);
        } finally {
          await proxy.close();
        }
      });
      // Last: it SIGKILLs a replica (the other cases use both).
      it('ends a follow stream at once when its replica is killed, and a new stream through the survivor shows the lines printed meanwhile', async () => {
        const app = apps[2];
        const killed = new Set<number>();
        const proxy = await startRoundRobinProxy(() =>
          replicas.filter(r => !killed.has(r.port)).map(r => r.port),
        );
        const through = api(proxy.port);
        const follow = async () => {
          const controller = new AbortController();
          const response = await fetch(
            `http://127.0.0.1:${proxy.port}/api/slipway/apps/${app}/logs?follow=true`,
            { headers: { Authorization: auth }, signal: controller.signal },
          );
          expect(response.status).toBe(200);
          return {
            reader: response.body!.getReader(),
            port: proxy.forwarded[proxy.forwarded.length - 1].port,
            close: () => controller.abort(),
          };
        };
        const readUntil = async (
          reader: ReadableStreamDefaultReader<Uint8Array>,
          pattern: RegExp,
        ) => {
          let text = '';
          while (!pattern.test(text)) {
            const { value, done } = await reader.read();
            if (done) break;
            text += Buffer.from(value).toString();
          }
          return text;
        };
        try {
          await through.post('/apps', { name: app }).expect(201);
          await through
            .post(`/apps/${app}/builds`, {
              image: `registry.example.test/${app}:1`,
              procfile: { web: 'node server.js' },
            })
            .expect(201);
          await eventually(async () => {
            const res = await through.get(`/apps/${app}`);
            return res.body.release?.status === 'succeeded' ? res : undefined;
          }, 60_000);

          const first = await follow();
          const before = await readUntil(first.reader, /started in/);
          expect(before).toMatch(new RegExp(`started in ${app}-web-`));
          const webPods = () =>
            new Set(
              [...before.matchAll(new RegExp(`${app}-web-[\\w-]+`, 'g'))].map(
                m => m[0],
              ),
            );
          const seenBefore = webPods();

          // The replica serving the stream dies: the client sees the stream end, it is not left hanging.
          const serving = replicas.find(r => r.port === first.port)!;
          killed.add(serving.port);
          serving.process.kill('SIGKILL');
          const ended = await Promise.race([
            first.reader.read().then(
              r => (r.done ? 'ended' : 'more'),
              () => 'ended',
            ),
            new Promise(resolve => setTimeout(() => resolve('hung'), 10_000)),
          ]);
          // A chunk already under way may still come; the end follows it.
          const end =
            ended === 'more'
              ? await Promise.race([
                  readUntil(first.reader, /(?!)/).then(
                    () => 'ended',
                    () => 'ended',
                  ),
                  new Promise(resolve =>
                    setTimeout(() => resolve('hung'), 10_000),
                  ),
                ])
              : ended;
          expect(end).toBe('ended');
          first.close();

          // While no stream is open, a new process prints its first line (web scaled to 2, on the survivor).
          await through.post(`/apps/${app}/scale`, { web: 2 }).expect(200);

          // The client's new stream lands on the survivor and shows that line: none is lost.
          await eventually(async () => {
            const again = await follow();
            try {
              expect(again.port).not.toBe(serving.port);
              const text = await Promise.race([
                readUntil(
                  again.reader,
                  new RegExp(
                    `(started in ${app}-web-[\\s\\S]*){${seenBefore.size + 1}}`,
                  ),
                ),
                new Promise<string>(resolve =>
                  setTimeout(() => resolve(''), 15_000),
                ),
              ]);
              const pods = new Set(
                [...text.matchAll(new RegExp(`${app}-web-[\\w-]+`, 'g'))].map(
                  m => m[0],
                ),
              );
              return [...pods].some(pod => !seenBefore.has(pod))
                ? true
                : undefined;
            } finally {
              again.close();
            }
          }, 90_000);
        } finally {
          await proxy.close();
        }
      });
    });
  },
);
