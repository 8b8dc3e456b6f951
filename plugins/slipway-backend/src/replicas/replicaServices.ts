import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { PushLocks } from '../git/appLocks';
import type { Ledger } from '../ledger';
import { DEFAULT_LEASE_MS, InstanceLease } from './InstanceLease';
import { claimLocalRuntime, LOCAL_RUNTIME_LEASE } from './localRuntimeLease';
import { PostgresAppLocks } from './PostgresAppLocks';
import { SharedAuthLimits } from './SharedAuthLimits';

/** How often a replica looks for work of dead replicas (builds left pending). */
const SWEEP_MS = 5_000;
/** Expired leases are kept this long (for the record), then removed. */
const KEEP_EXPIRED_MS = 60 * 60 * 1000;

/** Per-app leases of one kind of work (`<kind>:<app>`): one replica at a time holds an app's. */
export type AppLeases = {
  take(app: string): Promise<boolean>;
  release(app: string): Promise<void>;
};

export type ReplicaServices = {
  instanceId: string;
  lease: InstanceLease;
  /** Set on PostgreSQL: pushes queue across replicas. */
  locks?: PushLocks;
  /** Set on PostgreSQL: failed authentications counted across replicas. */
  authLimiter?: SharedAuthLimits;
  /** Set on PostgreSQL with a shared runtime: the reconciler's replica mode. */
  reconcilerReplicas?: AppLeases & {
    alive(instanceId: string): Promise<boolean>;
  };
  /** Set on PostgreSQL with a shared runtime: the health monitor's (one judge per app at a time). */
  healthReplicas?: AppLeases;
  /** Fails what dead replicas left (call every few seconds; `startSweeping` does). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * What lets several backend replicas share one database: this instance's lease, and on
 * PostgreSQL the cross-replica push locks, failure counters and reconcile leases. SQLite is one
 * process's database, so there the in-process lock and counters stay (one replica, as before).
 * The local runtime refuses to start beside another backend of the same database.
 */
export async function startReplicaServices(options: {
  config: RootConfigService;
  logger: LoggerService;
  ledger: Ledger;
  knex: Knex;
  runtimeName: string;
  /** Fails builds of dead replicas (BuildService.failOfDeadRunners). */
  failBuildsOfDeadRunners: () => Promise<number>;
  /** Reconciles an app soon (the reconcile settles a dead replica's release phase). */
  reconcile: (app: string) => void;
}): Promise<ReplicaServices> {
  const { config, logger, ledger, knex, runtimeName } = options;
  const instanceId = randomUUID();
  const lease = new InstanceLease({
    leases: ledger.leases,
    instanceId,
    logger,
    leaseMs: config.has('slipway.leaseTime')
      ? durationToMilliseconds(
          readDurationFromConfig(config, { key: 'slipway.leaseTime' }),
        )
      : DEFAULT_LEASE_MS,
    onLost: names => {
      // Paused past its lease while another backend took the local runtime: two backends would
      // run every app. This one stops; its supervisor restarts it (refused while the other runs).
      logger.error(
        `This backend lost ${names.join(
          ', ',
        )} to another backend while it did not renew its leases: stopping`,
      );
      process.exit(1);
    },
  });
  await lease.start();
  const held: string[] = [];
  if (runtimeName === 'local') {
    try {
      await claimLocalRuntime(lease);
    } catch (error) {
      await lease.stop();
      throw error;
    }
    held.push(LOCAL_RUNTIME_LEASE);
  }
  const postgres = knex.client.config.client === 'pg';
  const appLeases = (kind: string): AppLeases => ({
    take: app => lease.take(`${kind}:${app}`),
    release: app => ledger.leases.release(`${kind}:${app}`, instanceId),
  });

  const pushLocks = postgres ? new PostgresAppLocks(knex) : undefined;
  const sweeper: { timer?: NodeJS.Timeout } = {};
  const services: ReplicaServices = {
    instanceId,
    lease,
    ...(postgres
      ? {
          locks: pushLocks,
          authLimiter: new SharedAuthLimits(ledger.authFailures),
        }
      : {}),
    ...(postgres && runtimeName !== 'local'
      ? {
          reconcilerReplicas: {
            ...appLeases('reconcile'),
            alive: id => lease.alive(id),
          },
          healthReplicas: appLeases('health'),
        }
      : {}),
    async sweep() {
      try {
        const failed = await options.failBuildsOfDeadRunners();
        if (failed > 0) {
          logger.info(`Failed ${failed} build(s) of stopped backend replicas`);
        }
        // Not left to the scheduled healing: it may be the dead replica's turn to run it. Only
        // in replica mode: one replica settles its own leftovers as before (restart, 15 minutes).
        if (services.reconcilerReplicas) {
          for (const app of await ledger.releases.appsWithPhasesOfDeadRunners(
            Date.now(),
          )) {
            options.reconcile(app);
          }
        }
        await ledger.leases.removeExpired(Date.now() - KEEP_EXPIRED_MS);
        await services.authLimiter?.removeEnded();
      } catch (error) {
        logger.warn(`Looking for work of stopped replicas failed: ${error}`);
      }
    },
    async stop() {
      clearInterval(sweeper.timer);
      await pushLocks?.close();
      await lease.stop(held);
    },
  };
  sweeper.timer = setInterval(() => void services.sweep(), SWEEP_MS);
  sweeper.timer.unref();
  return services;
}
