import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  slipwayAppReadPermission,
  type Delivery,
} from '@slipway/plugin-slipway-common';
import {
  deliveryFigures,
  type DeliveryRelease,
} from '../domain/delivery/figures';
import { normalizeOwner } from '../domain/names';
import { loadApp, type ServiceContext } from './context';

const DAY = 86_400_000;
/** An owner's apps counted at most (a team with more sees the first ones by name). */
const MAX_APPS = 500;

/** DORA's four figures from the release ledger, per app and per owning team. */
export class DeliveryService {
  constructor(private readonly ctx: ServiceContext) {}

  async forApp(
    credentials: BackstageCredentials,
    name: string,
    days = 30,
  ): Promise<Delivery> {
    checkDays(days);
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    return this.figures([name], days);
  }

  /** The figures of the apps `owner` owns that the caller may read. */
  async forOwner(
    credentials: BackstageCredentials,
    owner: string,
    days = 30,
  ): Promise<Delivery> {
    checkDays(days);
    const filter = await this.ctx.authorizer.readFilter(credentials);
    if (filter === 'none') return this.figures([], days);
    const page = await this.ctx.ledger.apps.page(
      filter === 'all' ? undefined : filter,
      { owners: [normalizeOwner(owner)], sort: 'name' },
      { limit: MAX_APPS },
    );
    return this.figures(
      page.items.map(a => a.name),
      days,
    );
  }

  private async figures(apps: string[], days: number): Promise<Delivery> {
    const from = new Date(this.ctx.now().getTime() - days * DAY).toISOString();
    const history = await this.ctx.ledger.releases.historyOf(apps, from);
    const builds = await this.ctx.ledger.builds.getMany([
      ...new Set(history.flatMap(r => (r.buildId ? [r.buildId] : []))),
    ]);
    const started = new Map(builds.map(b => [b.id, b.createdAt]));
    // A deploy is the first release of a build started in the window; config changes and
    // rollbacks reuse a build (and a config change in the window may reuse an older one).
    const seen = new Set<string>();
    const releases: DeliveryRelease[] = history.map(r => {
      const first = r.buildId !== undefined && !seen.has(r.buildId);
      if (r.buildId) seen.add(r.buildId);
      const start = first ? started.get(r.buildId!) : undefined;
      const buildStartedAt = start && start >= from ? start : undefined;
      return {
        app: r.app,
        version: r.version,
        createdAt: r.createdAt,
        status: r.status,
        summary: r.summary,
        ...(buildStartedAt ? { buildStartedAt } : {}),
      };
    });
    return { ...deliveryFigures(releases, days), apps };
  }
}

function checkDays(days: number) {
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw new InputError('days must be a whole number from 1 to 365');
}
