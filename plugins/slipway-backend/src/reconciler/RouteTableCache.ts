import type {
  Route,
  TrafficRouter,
  RouteTable,
  RouteUpstream,
} from '@slipway/plugin-slipway-node';
import type { Ledger } from '../ledger';
import { byCodePoint } from '../domain/order';
import { readRoutes, withUpstream, type LedgerRoute } from './routeTable';

/** Above this many changed apps one read of every app is cheaper than reading them by name. */
const READ_ALL_ABOVE = 200;

/**
 * The route table kept between reconciles, so a change to one app reads only that app from the
 * ledger instead of every app, domain and certificate. The table it gives is the one
 * `buildRouteTable` would build from scratch (same entries, same order). Not concurrent: one
 * `table()` at a time (the reconciler serializes route updates).
 */
export class RouteTableCache {
  private routes = new Map<string, LedgerRoute>();
  /** The routable apps, sorted by code point. */
  private names: string[] = [];
  /** Each app's last table entry, reused while neither its ledger route nor its upstream changed. */
  private readonly entries = new Map<
    string,
    { from: LedgerRoute; upstream?: RouteUpstream; route: Route }
  >();
  private readonly changed = new Set<string>();
  private readAllNext = true;

  constructor(
    private readonly ledger: Ledger,
    private readonly router: Pick<TrafficRouter, 'defaultHost'>,
  ) {}

  /** `app`'s routing may have changed in the ledger (or it is gone): the next table reads it again. */
  appChanged(app: string): void {
    this.changed.add(app);
  }

  /** The next table reads every app again (drift healing, changes another backend instance made). */
  readAll(): void {
    this.readAllNext = true;
  }

  /** The full route table, with each app's upstream from `upstreams`. */
  async table(
    upstreams: ReadonlyMap<string, RouteUpstream | undefined>,
  ): Promise<RouteTable> {
    await this.refresh();
    return this.names.map(app => this.entry(app, upstreams.get(app)));
  }

  private async refresh(): Promise<void> {
    const readAll = this.readAllNext;
    const apps = [...this.changed];
    this.readAllNext = false;
    this.changed.clear();
    try {
      if (readAll || apps.length > READ_ALL_ABOVE) {
        this.routes = await readRoutes(this.ledger, this.router);
        this.names = [...this.routes.keys()].sort(byCodePoint);
        this.entries.clear();
      } else if (apps.length > 0) {
        const read = await readRoutes(this.ledger, this.router, apps);
        for (const app of apps) this.replace(app, read.get(app));
      }
    } catch (error) {
      // Read again next time.
      this.readAllNext ||= readAll;
      for (const app of apps) this.changed.add(app);
      throw error;
    }
  }

  private replace(app: string, route: LedgerRoute | undefined): void {
    const at = this.position(app);
    const listed = this.names[at] === app;
    if (route) {
      this.routes.set(app, route);
      if (!listed) this.names.splice(at, 0, app);
    } else {
      this.routes.delete(app);
      this.entries.delete(app);
      if (listed) this.names.splice(at, 1);
    }
  }

  /** Where `app` is or would be in `names` (binary search). */
  private position(app: string): number {
    let low = 0;
    let high = this.names.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byCodePoint(this.names[middle], app) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private entry(app: string, upstream: RouteUpstream | undefined): Route {
    const from = this.routes.get(app)!;
    const last = this.entries.get(app);
    if (last && last.from === from && last.upstream === upstream) {
      return last.route;
    }
    const route = withUpstream(from, upstream);
    this.entries.set(app, { from, upstream, route });
    return route;
  }
}
