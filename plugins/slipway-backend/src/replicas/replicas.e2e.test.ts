import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  describeWithCluster,
  uniqueSuffix,
} from '../kubernetes/__testUtils__/realCluster';
import {
  RealConnection,
  connectToRealCluster,
  deleteNamespaces,
} from '../kubernetes/__testUtils__/realConnection';
import { startRoundRobinProxy } from './__testUtils__/roundRobinProxy';
import { replicaConfig, startReplicas } from './__testUtils__/replicaSet';
import type { Replica } from './__testUtils__/startReplica';
import { userApi } from '../api/__testUtils__/userApi';

jest.setTimeout(240_000);

const LEASE_SECONDS = 3;

/**
 * Two backend replicas (child processes, so SIGKILL is real) on one PostgreSQL and the real
 * control plane (runtime kubernetes, router ingress), behind a round-robin proxy.
 */
describeWithCluster('Slipway with two backend replicas', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let connection: RealConnection;
  let dataDir: string;
  const replicas: Replica[] = [];
  const apps = [`rep-${uniqueSuffix()}`, `rep-${uniqueSuffix()}`];

  afterAll(async () => {
    for (const replica of replicas) replica.process.kill('SIGKILL');
    await connection?.close();
    await deleteNamespaces(apps);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves any request on either replica, keeps releases gap-free, and takes over a killed replica’s work within a lease', async () => {
    const knex = await databases.init('POSTGRES_15');
    connection = await connectToRealCluster();
    // Shared storage, as a ReadWriteMany volume would be.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-replicas-'));
    const config = replicaConfig({
      dataDir,
      cluster: connection.cluster,
      instance: apps[0],
      leaseSeconds: LEASE_SECONDS,
    });
    replicas.push(
      ...(await startReplicas(2, {
        connection: knex.client.config.connection,
        config,
      })),
    );
    const live = new Set(replicas);
    const proxy = await startRoundRobinProxy(() => [...live].map(r => r.port));
    try {
      const api = userApi(`http://127.0.0.1:${proxy.port}`);
      const eventually = async (
        check: () => void | Promise<void>,
        timeoutMs = 60_000,
      ) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          try {
            await check();
            return;
          } catch (error) {
            if (Date.now() > deadline) throw error;
            await new Promise(resolve => setTimeout(resolve, 200));
          }
        }
      };
      const [shop, blog] = apps;
      const versions = async (app: string) =>
        (
          await knex('slipway_releases')
            .where({ app })
            .orderBy('version')
            .select('version', 'status')
        ).map(r => ({ version: Number(r.version), status: r.status }));

      // Created, deployed, configured, scaled and rolled back, each request on the next replica.
      await api.post('/apps', { name: shop }).expect(201);
      await api.get(`/apps/${shop}`).expect(200);
      await api.get(`/apps/${shop}`).expect(200);
      await api
        .post(`/apps/${shop}/builds`, {
          image: `registry.example.test/${shop}:1`,
          procfile: { web: 'node server.js' },
        })
        .expect(201);
      await api
        .patch(`/apps/${shop}/config`, { values: { A: '1' } })
        .expect(201);
      await api.post(`/apps/${shop}/scale`, { web: 2 }).expect(200);
      await api
        .post(`/apps/${shop}/releases/rollback`, { version: 2 })
        .expect(201);
      await eventually(async () =>
        expect((await versions(shop)).at(-1)).toEqual({
          version: 4,
          status: 'succeeded',
        }),
      );
      expect(proxy.counts.size).toBe(2);

      // 50 concurrent config changes split across both replicas: 50 releases, no gap, none twice.
      const changes = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api.patch(`/apps/${shop}/config`, { values: { [`K${i}`]: `${i}` } }),
        ),
      );
      expect(changes.map(c => c.status)).toEqual(Array(50).fill(201));
      expect((await versions(shop)).map(r => r.version)).toEqual(
        Array.from({ length: 54 }, (_, i) => i + 1),
      );
      const current = (await api.get(`/apps/${shop}/config`).expect(200)).body;
      expect(
        Object.keys(current.values ?? current).filter(k => /^K\d+$/.test(k)),
      ).toHaveLength(50);

      // A release whose release phase never ends, and a build, both on one replica; it is killed.
      await api.post('/apps', { name: blog }).expect(201);
      await api
        .post(`/apps/${blog}/builds`, {
          image: `registry.example.test/${blog}:1`,
          procfile: { web: 'node server.js', release: 'sleep 3600' },
        })
        .expect(201);
      let runner = '';
      await eventually(async () => {
        const row = await knex('slipway_releases')
          .where({ app: blog, version: 2 })
          .first();
        expect(row.phase).toBe('running');
        runner = row.phase_runner;
      });
      const victim = replicas.find(r => r.instanceId === runner)!;
      const survivor = replicas.find(r => r !== victim)!;
      expect(victim).toBeDefined();
      // A build the victim runs (as the git remote records one when a push starts building).
      await knex('slipway_builds').insert({
        id: 'b-running',
        app: blog,
        image: '',
        sha: null,
        procfile: '{}',
        status: 'pending',
        log: '-----> Building\n',
        created_by: 'user:default/jane',
        created_at: new Date().toISOString(),
        runner: victim.instanceId,
      });
      victim.process.kill('SIGKILL');
      const killedAt = Date.now();
      live.delete(victim);

      const takeoverMs = (LEASE_SECONDS + 5 + 2) * 1000;
      await eventually(async () => {
        const build = await knex('slipway_builds')
          .where({ id: 'b-running' })
          .first();
        expect(build.status).toBe('failed');
        expect(build.log).toMatch(/replica that ran this build stopped/);
      }, takeoverMs);
      await eventually(async () => {
        const release = (await versions(blog)).find(r => r.version === 2);
        expect(release?.status).toBe('failed');
      }, takeoverMs);
      const tookOverInMs = Date.now() - killedAt;
      expect(tookOverInMs).toBeLessThan(takeoverMs);
      // Failed once, its release phase run once (by the victim) and never again.
      const failedEvents = await knex('slipway_events').where({
        app: blog,
        type: 'release.failed',
      });
      expect(failedEvents).toHaveLength(1);
      expect(
        (
          await knex('slipway_releases')
            .where({ app: blog, version: 2 })
            .first()
        ).phase,
      ).toBe('failed');

      // The survivor serves everything alone.
      await api
        .patch(`/apps/${shop}/config`, { values: { B: '2' } })
        .expect(201);
      expect((await versions(shop)).at(-1)?.version).toBe(55);
      await api.get(`/apps/${blog}`).expect(200);
      expect(survivor.process.exitCode).toBeNull();
    } finally {
      await proxy.close();
    }
  });
});
