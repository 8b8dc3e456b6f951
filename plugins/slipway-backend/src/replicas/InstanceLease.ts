import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LeaseStore } from '../ledger/LeaseStore';

/** How long a replica's leases last without renewal (default 15 s; renewed every third of it). */
export const DEFAULT_LEASE_MS = 15_000;

/** The heartbeat lease of backend instance `id`: its builds and release phases are its while it holds it. */
export function instanceLeaseName(id: string): string {
  return `instance:${id}`;
}

/**
 * This backend instance's leases: its heartbeat (`instance:<id>`) and whatever else it takes
 * (`runtime:local`), renewed together every third of `leaseMs`. A replica that dies (kill -9)
 * stops renewing; after `leaseMs` the others treat its work as abandoned.
 */
export class InstanceLease {
  private timer?: NodeJS.Timeout;
  private readonly now: () => number;
  /** Leases this instance keeps for its whole life (`hold`), taken back after a pause. */
  private readonly kept = new Set<string>();

  constructor(
    private readonly options: {
      leases: LeaseStore;
      instanceId: string;
      logger: LoggerService;
      leaseMs?: number;
      now?: () => number;
      /**
       * Kept leases (`hold`) another instance took while this one did not renew (paused past a
       * lease): this instance must stop acting as their holder.
       */
      onLost?: (names: string[]) => void;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  get leaseMs(): number {
    return this.options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Takes the heartbeat and starts renewing. */
  async start(): Promise<void> {
    const { leases, instanceId } = this.options;
    const now = this.now();
    await leases.take(
      instanceLeaseName(instanceId),
      instanceId,
      now,
      now + this.leaseMs,
    );
    this.timer = setInterval(() => void this.renew(), this.leaseMs / 3);
    this.timer.unref();
  }

  /** Takes `name` too (renewed with the heartbeat); false while another instance holds it. */
  async take(name: string): Promise<boolean> {
    const now = this.now();
    return this.options.leases.take(
      name,
      this.options.instanceId,
      now,
      now + this.leaseMs,
    );
  }

  /** Takes `name` for this instance's whole life: after a pause it is taken back, or reported lost. */
  async hold(name: string): Promise<boolean> {
    const taken = await this.take(name);
    if (taken) this.kept.add(name);
    return taken;
  }

  /** Whether instance `id` still renews its heartbeat. */
  async alive(id: string): Promise<boolean> {
    return (
      (await this.options.leases.holder(instanceLeaseName(id), this.now())) ===
      id
    );
  }

  async renew(): Promise<void> {
    const now = this.now();
    try {
      const renewed = await this.options.leases.renew(
        this.options.instanceId,
        now,
        now + this.leaseMs,
      );
      if (renewed === 0) {
        // Expired (e.g. the process was paused longer than a lease): take the heartbeat again;
        // its work was already failed or taken over by the others.
        this.options.logger.warn(
          'This backend instance lost its leases (it did not renew them in time); taking its heartbeat again',
        );
        await this.options.leases.take(
          instanceLeaseName(this.options.instanceId),
          this.options.instanceId,
          now,
          now + this.leaseMs,
        );
        const lost: string[] = [];
        for (const name of this.kept) {
          if (!(await this.take(name))) lost.push(name);
        }
        if (lost.length > 0) {
          for (const name of lost) this.kept.delete(name);
          this.options.onLost?.(lost);
        }
      }
    } catch (error) {
      this.options.logger.warn(
        `Renewing this instance's leases failed: ${error}`,
      );
    }
  }

  /** Stops renewing and gives up the leases (clean shutdown: the others need not wait). */
  async stop(names: string[] = []): Promise<void> {
    clearInterval(this.timer);
    const { leases, instanceId } = this.options;
    for (const name of [instanceLeaseName(instanceId), ...names]) {
      await leases.release(name, instanceId).catch(() => {});
    }
  }
}
