import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  describeWithCluster,
  uniqueSuffix,
} from '../kubernetes/__testUtils__/realCluster';
import {
  connectToRealCluster,
  deleteNamespaces,
  listAsAdmin,
  type RealConnection,
} from '../kubernetes/__testUtils__/realConnection';
import { LABEL_RELEASE, LABEL_ROLE } from '../kubernetes/names';
import {
  replicaConfig,
  startReplicas,
} from '../replicas/__testUtils__/replicaSet';
import type { Replica } from '../replicas/__testUtils__/startReplica';

jest.setTimeout(240_000);
const LEASE_SECONDS = 3;

/**
 * Red team (rt24) of release phases across replicas: the replica running an app's release phase
 * (a Job in the app's namespace) is killed (-9). The survivor fails the release (the phase is
 * never run twice by Slipway), but the phase's Job is left running in the cluster until its
 * deadline (`runTimeout`). The owner deploys again (as the failure message tells them): the new
 * release's phase (a migration, say) then runs beside the old one, which may still finish and
 * change the database under a release recorded as failed.
 */
describeWithCluster('release phase of a killed replica (red team)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  const app = `orphan-${uniqueSuffix()}`;
  let connection: RealConnection;
  let dataDir: string;
  let replicas: Replica[] = [];

  afterAll(async () => {
    for (const replica of replicas) replica.process.kill('SIGKILL');
    await connection?.close();
    await deleteNamespaces([app]);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Seen (2026-12-05): the Job was left; with the test cluster's fake kubelet it even completed
  // (succeeded: 1) seconds after the runner died, while the release was recorded as interrupted.
  // Fixed: before failing a dead replica's release phase, the survivor stops its Job
  // (Runtime.stopReleasePhase: the Jobs labelled slipway.io/phase=release and the release's
  // version); while that fails, the phase stays running and the dead-runner sweep retries.
  it('stops the release phase Job of a killed replica when its release is failed', async () => {
    const knex = await databases.init('POSTGRES_15');
    connection = await connectToRealCluster();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rt24-'));
    replicas = await startReplicas(2, {
      connection: knex.client.config.connection,
      config: replicaConfig({
        dataDir,
        cluster: connection.cluster,
        instance: app,
        leaseSeconds: LEASE_SECONDS,
      }),
    });
    const auth = mockCredentials.user.header('user:default/jane');
    const api = `http://127.0.0.1:${replicas[0].port}/api/slipway`;
    await request(api)
      .post('/apps')
      .set('Authorization', auth)
      .send({ name: app })
      .expect(201);
    await request(api)
      .post(`/apps/${app}/builds`)
      .set('Authorization', auth)
      .send({
        image: `registry.example.test/${app}:1`,
        procfile: { web: 'node server.js', release: 'sleep 3600' },
      })
      .expect(201);
    const eventually = async (check: () => Promise<void>, ms = 60_000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        try {
          return await check();
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise(resolve => setTimeout(resolve, 200));
        }
      }
    };
    let runner = '';
    await eventually(async () => {
      const row = await knex('slipway_releases')
        .where({ app, version: 2 })
        .first();
      expect(row.phase).toBe('running');
      runner = row.phase_runner;
    });
    const phaseJobs = () =>
      listAsAdmin(
        'batch/v1',
        'Job',
        app,
        `${LABEL_ROLE}=run,${LABEL_RELEASE}=v2`,
      );
    await eventually(async () => expect(await phaseJobs()).toHaveLength(1));
    replicas.find(r => r.instanceId === runner)!.process.kill('SIGKILL');
    await eventually(async () => {
      const row = await knex('slipway_releases')
        .where({ app, version: 2 })
        .first();
      expect(row.status).toBe('failed');
    }, (LEASE_SECONDS + 10) * 1000);
    // The release is failed: its phase must not run on.
    await eventually(
      async () => expect(await phaseJobs()).toHaveLength(0),
      15_000,
    );
    // Failed once, as interrupted (the survivor's sweeps that follow change nothing).
    await new Promise(resolve => setTimeout(resolve, LEASE_SECONDS * 1000));
    const failures = await knex('slipway_events').where({
      app,
      type: 'release.failed',
    });
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toMatch(/^v2 failed: .*interrupted/);
  });
});
