import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';
import type {
  AppDesiredState,
  TrafficRouter,
  RouteUpstream,
  Runtime,
} from '@slipway/plugin-slipway-node';
import { randomUUID } from 'node:crypto';
import type { Ledger } from '../ledger';
import { CoalescingQueue } from './CoalescingQueue';
import { desiredStateOf } from './desiredState';
import {
  RELEASE_PHASE_TYPE,
  runReleasePhaseOnce,
  withoutReleasePhase,
} from './releasePhase';
import { ReleaseOutcome, ReleaseWaiters } from './ReleaseWaiters';
import { RouteTableCache } from './RouteTableCache';

const ACTOR = 'slipway';
const ROUTES = 'routes';
/** While someone waits for a release another instance's release phase holds, look again this often. */
const ELSEWHERE_RECHECK_MS = 2000;

/**
 * Makes the runtime and the router match the ledger. Runs after every change (asynchronously,
 * serialized per app, bursts coalesced) and on a schedule to heal drift. Idempotent: the runtime
 * and router do nothing when nothing changed.
 */
export class Reconciler {
  private readonly apps: CoalescingQueue;
  private readonly routes: CoalescingQueue;
  /** Where each app's web processes listen, as the runtime last reported (per backend instance). */
  private readonly upstreams = new Map<string, RouteUpstream | undefined>();
  /** Last router rejection per app, so a persisting rejection is recorded once. */
  private readonly rejected = new Map<string, string>();
  /** Who waits for a release to settle (`whenSettled`), checked after each run of the app. */
  private readonly waiters: ReleaseWaiters;
  /** Apps to reconcile again soon because another instance runs their release phase and someone waits. */
  private readonly rechecks = new Map<string, NodeJS.Timeout>();
  /** The last route table: a change re-reads only the changed app's routes from the ledger. */
  private readonly routeTable: RouteTableCache;

  constructor(
    private readonly deps: {
      ledger: Ledger;
      runtime: Runtime;
      router: TrafficRouter;
      logger: LoggerService;
      /** Identifies this backend instance in the ledger (release phases it started); random by default. */
      instanceId?: string;
      now?: () => Date;
      /**
       * Several replicas (runtime kubernetes): one replica at a time reconciles an app (`take` is
       * false while another holds it: this one tries again soon); the scheduled healing runs on
       * one replica (scope global); a dead replica's release phase fails as interrupted as soon as
       * `alive` says it stopped renewing its lease.
       */
      replicas?: {
        take(app: string): Promise<boolean>;
        release(app: string): Promise<void>;
        alive(instanceId: string): Promise<boolean>;
      };
      /** Tells the app's owners that a release failed (notifications). */
      onReleaseFailed?: (
        app: string,
        version: number,
        reason: string,
      ) => Promise<void>;
    },
  ) {
    this.instanceId = deps.instanceId ?? randomUUID();
    this.now = deps.now ?? (() => new Date());
    this.waiters = new ReleaseWaiters(deps.ledger);
    this.routeTable = new RouteTableCache(deps.ledger, deps.router);
    this.apps = new CoalescingQueue(
      app => this.reconcileApp(app).finally(() => this.checkWaiters(app)),
      (app, error) =>
        deps.logger.warn(`Reconciling app ${app} failed: ${error}`),
    );
    this.routes = new CoalescingQueue(
      () => this.applyRoutes(),
      (_key, error) => deps.logger.warn(`Applying routes failed: ${error}`),
    );
  }

  private stopped = false;
  /** Apps to reconcile again soon because another replica reconciles them now. */
  private readonly busyElsewhere = new Map<string, NodeJS.Timeout>();
  private readonly instanceId: string;
  private readonly now: () => Date;

  /** Reconciles `app` soon (returns at once). */
  schedule(app: string): void {
    if (!this.stopped) this.apps.schedule(app);
  }

  /** Takes no new work and waits for what runs (on backend shutdown); open waits end as `pending`. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
    for (const timer of this.rechecks.values()) clearTimeout(timer);
    this.rechecks.clear();
    for (const timer of this.busyElsewhere.values()) clearTimeout(timer);
    this.busyElsewhere.clear();
    this.waiters.abandonAll();
  }

  /**
   * Resolves when this reconciler has settled release `version` of `app`: rolled it out (or a newer
   * release that superseded it), failed it, or the app is gone. Resolves `pending` if that takes longer
   * than `timeoutMs`, `signal` aborts or the reconciler stops. Never rejects.
   */
  async whenSettled(
    app: string,
    version: number,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<ReleaseOutcome> {
    if (this.stopped) return { status: 'pending' };
    const outcome = this.waiters.wait(app, version, options);
    // It may have settled already: the runs that settle it check only the waits they see.
    await this.checkWaiters(app);
    return outcome;
  }

  /** The runtime moved the app's web processes outside a reconcile (e.g. a rolling restart): route there. */
  setUpstream(app: string, upstream: RouteUpstream | undefined): void {
    this.upstreams.set(app, upstream);
    if (!this.stopped) this.routes.schedule(ROUTES);
  }

  /** The app is gone: drop its upstream and update the routes. */
  forget(app: string): void {
    this.upstreams.delete(app);
    this.rejected.delete(app);
    this.routeTable.appChanged(app);
    if (!this.stopped) this.routes.schedule(ROUTES);
    void this.checkWaiters(app);
  }

  /** Resolves when `app`'s (or every app's) reconciliation, and the route update after it, are done. */
  async idle(app?: string): Promise<void> {
    await this.apps.idle(app);
    await this.routes.idle(ROUTES);
  }

  desiredState(app: string): Promise<AppDesiredState | undefined> {
    return desiredStateOf(this.deps.ledger, app);
  }

  /** Reconciles every app, then waits until done (the scheduled drift healing). */
  async reconcileAll(): Promise<void> {
    await this.scheduleAll();
    await this.idle();
  }

  /** Schedules every app's reconcile (returns at once). */
  private async scheduleAll(): Promise<void> {
    this.routeTable.readAll();
    const apps = await this.deps.ledger.apps.list();
    for (const app of apps) this.schedule(app.name);
    if (apps.length === 0 && !this.stopped) this.routes.schedule(ROUTES);
  }

  /**
   * Starts the periodic reconciliation. One replica: it heals its own runtime and router view
   * (`local`: the local runtime's processes are this instance's). Replicas: the runtime and router
   * are shared, so one replica at a time heals them all (`global`).
   */
  async start(
    scheduler: SchedulerService,
    frequency: HumanDuration,
  ): Promise<void> {
    await scheduler.scheduleTask({
      id: 'slipway-reconcile',
      scope: this.deps.replicas ? 'global' : 'local',
      frequency,
      timeout: { minutes: 10 },
      // With replicas the task only hands the apps out: a replica that dies mid-run would hold
      // the scheduler's global lock until the timeout; each app's own lease guards its run.
      fn: () => (this.deps.replicas ? this.scheduleAll() : this.reconcileAll()),
    });
  }

  private async reconcileApp(name: string): Promise<void> {
    const { replicas } = this.deps;
    if (!replicas) return this.reconcileHeld(name);
    if (!(await replicas.take(name))) {
      this.retryLater(name);
      return undefined;
    }
    try {
      return await this.reconcileHeld(name);
    } catch (error) {
      // Known as unroutable (as one replica would have it), so other apps' routes still apply.
      if (!this.upstreams.has(name)) this.upstreams.set(name, undefined);
      throw error;
    } finally {
      await replicas.release(name);
    }
  }

  /** Another replica reconciles `app` now: reconcile it here once that is done (it may predate our change). */
  private retryLater(app: string): void {
    if (this.stopped || this.busyElsewhere.has(app)) return;
    const timer = setTimeout(() => {
      this.busyElsewhere.delete(app);
      this.schedule(app);
    }, ELSEWHERE_RECHECK_MS / 4);
    timer.unref();
    this.busyElsewhere.set(app, timer);
  }

  private async reconcileHeld(name: string): Promise<void> {
    const { ledger, runtime } = this.deps;
    // Its domains, certs or settings may have changed: the next route update reads them again.
    this.routeTable.appChanged(name);
    const fromLedger = await this.desiredState(name);
    if (!fromLedger) {
      this.forget(name);
      return;
    }
    const desired = withoutReleasePhase(fromLedger);
    const version = desired.release?.version;
    const releaseCommand =
      fromLedger.release?.build.procfile[RELEASE_PHASE_TYPE];
    if (version !== undefined && releaseCommand) {
      const release = await ledger.releases.get(name, version);
      if (release?.status === 'pending') {
        const phase = await runReleasePhaseOnce({
          ledger,
          runtime,
          desired,
          command: releaseCommand,
          runner: this.instanceId,
          now: this.now,
          alive: this.deps.replicas?.alive,
        });
        if (phase.outcome === 'elsewhere') {
          // Another instance runs the new release's command (or ran it and died): until that is
          // settled, what ran before keeps running here too (e.g. after a restart).
          await this.applyPrevious(desired);
          this.recheckLater(name);
          return;
        }
        if (phase.outcome === 'failed') {
          await this.markFailed(name, version, phase.reason);
          return;
        }
      }
    }
    const result = await runtime.apply(desired);
    this.upstreams.set(name, result.upstream);
    const now = new Date().toISOString();
    if (result.drift && result.drift.length > 0) {
      await ledger.events.append({
        app: name,
        type: 'reconcile.drift',
        message: `Healed drift: ${result.drift.join('; ')}`,
        actor: ACTOR,
        createdAt: now,
        details: { drift: result.drift },
      });
    }
    // Route first, then record the outcome: a release has succeeded once it runs and is routed.
    if (!this.stopped) this.routes.schedule(ROUTES);
    await this.routes.idle(ROUTES);
    if (version !== undefined && result.status === 'failed') {
      await this.markFailed(
        name,
        version,
        result.reason ?? 'The rollout did not become ready',
      );
    } else {
      // Releases up to the one now running are done (earlier pending ones were superseded).
      // With no build running yet, only releases without a build are: a build recorded while
      // this ran has not been rolled out and stays pending for the next run.
      const pending =
        version === undefined
          ? await ledger.releases.pendingWithoutBuild(name)
          : await ledger.releases.pendingUpTo(name, version);
      await ledger.releases.setStatus(name, pending, 'succeeded');
    }
  }

  private async checkWaiters(app: string): Promise<void> {
    try {
      await this.waiters.check(app);
    } catch (error) {
      this.deps.logger.warn(
        `Checking the releases waited for in ${app} failed: ${error}`,
      );
    }
  }

  /** Reconciles `app` again soon while someone waits for its release (no event tells this instance). */
  private recheckLater(app: string): void {
    if (this.stopped || this.rechecks.has(app) || !this.waiters.has(app)) {
      return;
    }
    const timer = setTimeout(() => {
      this.rechecks.delete(app);
      this.schedule(app);
    }, ELSEWHERE_RECHECK_MS);
    timer.unref();
    this.rechecks.set(app, timer);
  }

  /** Runs and routes the release before the newest, recording no release outcome. */
  private async applyPrevious(desired: AppDesiredState): Promise<void> {
    if (!desired.previousRelease) return;
    const { previousRelease, ...rest } = desired;
    const result = await this.deps.runtime.apply({
      ...rest,
      release: previousRelease,
    });
    this.upstreams.set(desired.app, result.upstream);
    if (!this.stopped) this.routes.schedule(ROUTES);
    await this.routes.idle(ROUTES);
  }

  private async markFailed(
    name: string,
    version: number,
    reason: string,
  ): Promise<void> {
    const marked = await this.deps.ledger.transaction(async tx => {
      const count = await tx.releases.setStatus(
        name,
        [version],
        'failed',
        reason,
      );
      if (count > 0) {
        await tx.events.append({
          app: name,
          type: 'release.failed',
          message: `v${version} failed: ${reason}; the previous release keeps serving`,
          actor: ACTOR,
          createdAt: new Date().toISOString(),
          details: { version, reason },
        });
      }
      return count;
    });
    // The newest runnable release is now an earlier one: make sure that is what runs.
    if (marked > 0) {
      this.schedule(name);
      await this.deps.onReleaseFailed?.(name, version, reason);
    }
  }

  private async applyRoutes(): Promise<void> {
    const { ledger, router } = this.deps;
    const table = await this.routeTable.table(this.upstreams);
    if (this.deps.replicas) {
      // The router is shared: a table without an app's upstream would unroute it. Apps another
      // replica reconciled are unknown here; learn them (an idempotent reconcile) and route then.
      const unknown = table.filter(route => !this.upstreams.has(route.app));
      if (unknown.length > 0) {
        for (const route of unknown) this.schedule(route.app);
        return;
      }
    }
    const result = await router.apply(table);
    const now = new Date().toISOString();
    const rejectedNow = new Map(result.rejected.map(r => [r.app, r.reason]));
    for (const [app, reason] of rejectedNow) {
      if (this.rejected.get(app) === reason) continue;
      this.rejected.set(app, reason);
      if (!(await ledger.apps.get(app))) continue;
      await ledger.events.append({
        app,
        type: 'router.rejected',
        message: `The router left ${app} out: ${reason}`,
        actor: ACTOR,
        createdAt: now,
        details: { reason },
      });
    }
    for (const app of [...this.rejected.keys()]) {
      if (!rejectedNow.has(app)) this.rejected.delete(app);
    }
  }
}
