import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AppHealth } from '@slipway/plugin-slipway-common';
import type { Runtime } from '@slipway/plugin-slipway-node';
import { appHealth } from '../../domain/health';
import type { Ledger } from '../../ledger';
import { CoalescingQueue } from '../../reconciler/CoalescingQueue';

/** Healths that depend on how processes fare, so the sweep looks at them again. */
const OBSERVED: AppHealth[] = ['up', 'crashing', 'starting'];
/**
 * What the sweep re-judges when the runtime reports process changes: a crash is reported at
 * once, but a crash loop ends (and a start fails to finish) quietly, with time.
 */
const CHANGING: AppHealth[] = ['crashing', 'starting'];
/**
 * How soon an app another replica judges is judged here again: that replica may have read the
 * processes before the change that made this one look.
 */
const ELSEWHERE_RECHECK_MS = 500;

export type HealthChange = {
  app: string;
  owner: string;
  from?: AppHealth;
  to: AppHealth;
  since: string;
  /** The processes that crash, when `to` is `crashing`. */
  crashing: { name: string; message?: string }[];
};

/**
 * Keeps each app's health in the ledger, so the Apps page lists, filters and sorts by it without
 * asking the runtime: judged (domain/health) from the ledger and the runtime's processes after
 * every rollout, whenever the runtime reports a process change, and by a periodic sweep (for
 * runtimes that report nothing, and for a crash loop that ended quietly). Checks of one app run
 * one at a time, bursts coalesced. A change is stored with its time and told to `onChange`.
 */
export class HealthMonitor {
  private readonly queue: CoalescingQueue;
  private sweptAll = false;
  /** Apps another replica judged when asked here: judged again soon. */
  private readonly elsewhere = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly deps: {
      ledger: Ledger;
      runtime: Runtime;
      logger: LoggerService;
      now: () => Date;
      onChange: (change: HealthChange) => Promise<void>;
      /**
       * Several replicas: an app is judged by one replica at a time (`take` is false while
       * another judges it: this one judges it again shortly after, since that one may have
       * read the processes before the change this one was told of).
       */
      replicas?: {
        take(app: string): Promise<boolean>;
        release(app: string): Promise<void>;
      };
    },
  ) {
    this.queue = new CoalescingQueue(
      app => this.judgeHeld(app),
      (app, error) =>
        deps.logger.warn(`Could not judge the health of ${app}: ${error}`),
    );
  }

  /** Judges `app` again soon (coalesced with checks already asked for). */
  check(app: string): void {
    this.queue.schedule(app);
  }

  /** Resolves when no check of `app` (or of any app) is waiting or running. */
  idle(app?: string): Promise<void> {
    return this.queue.idle(app);
  }

  /**
   * Judges every app whose health depends on its processes (with a runtime that reports process
   * changes: those crashing or starting); the first sweep of a backend run judges every app
   * (what was stored may predate this run, or this column).
   */
  async sweep(): Promise<void> {
    const { apps } = this.deps.ledger;
    const reported = this.deps.runtime.onProcessChange !== undefined;
    const names = this.sweptAll
      ? await apps.namesWithHealth(reported ? CHANGING : OBSERVED)
      : (await apps.list()).map(app => app.name);
    this.sweptAll = true;
    for (const name of names) this.check(name);
    await this.idle();
  }

  private async judgeHeld(name: string): Promise<void> {
    const { replicas } = this.deps;
    if (!replicas) return this.judge(name);
    if (!(await replicas.take(name))) {
      this.recheckLater(name);
      return undefined;
    }
    try {
      return await this.judge(name);
    } finally {
      await replicas.release(name);
    }
  }

  private recheckLater(name: string): void {
    if (this.elsewhere.has(name)) return;
    const timer = setTimeout(() => {
      this.elsewhere.delete(name);
      this.check(name);
    }, ELSEWHERE_RECHECK_MS);
    timer.unref();
    this.elsewhere.set(name, timer);
  }

  private async judge(name: string): Promise<void> {
    const { ledger, runtime, now } = this.deps;
    const app = await ledger.apps.get(name);
    if (!app) return;
    const runnable = await ledger.releases.hasRunnable(name);
    const processes = runnable
      ? await runtime.processes(name, app.cluster)
      : [];
    const at = now();
    const health = appHealth({
      settings: app.settings,
      structure: app.structure,
      deployed: runnable,
      processes,
      now: at,
    });
    if (health === app.health) return;
    const since = at.toISOString();
    if (!(await ledger.apps.setHealth(name, health, since))) return;
    await this.deps.onChange({
      app: name,
      owner: app.owner,
      from: app.health,
      to: health,
      since,
      crashing: processes
        .filter(p => p.state === 'crashed' || p.restarts > 0)
        .map(p => ({ name: p.name, message: p.message })),
    });
  }
}
