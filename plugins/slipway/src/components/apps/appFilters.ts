import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  AppHealth,
  AppSort,
  AppSummary,
  AppsQuery,
  ReleaseStatus,
} from '@slipway/plugin-slipway-common';

export type AppFilters = {
  /** Only apps owned by the user or their groups. */
  mine: boolean;
  /** The newest release's status, or '' for any. */
  status: '' | ReleaseStatus;
  /** The app's health, or '' for any. */
  health: '' | AppHealth;
  /** Part of the app name, case-insensitively. */
  text: string;
};

/** The list's order: a column and its direction. */
export type AppOrder = { sort: AppSort; order: 'asc' | 'desc' };

/** A full, lowercase entity ref, so `group:team-a` and `group:default/Team-A` compare equal. */
export function normalizeRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind: 'group' }),
    ).toLowerCase();
  } catch {
    return ref.toLowerCase();
  }
}

/** The app's newest release, whatever its status (a failed deploy shows as failed). */
export function newestRelease(app: AppSummary) {
  return app.latestRelease ?? app.release;
}

/** The filters as `GET /apps` takes them: the server filters the whole list, not one page. */
export function appsQuery(
  filters: AppFilters,
  ownershipRefs: string[],
): AppsQuery {
  const text = filters.text.trim().toLowerCase();
  return {
    ...(text ? { q: text } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.health ? { health: filters.health } : {}),
    ...(filters.mine ? { owner: ownershipRefs } : {}),
  };
}

/** The order as `GET /apps` takes it (nothing for the default: by name, ascending). */
export function orderQuery(order: AppOrder): AppsQuery {
  return {
    ...(order.sort !== 'name' ? { sort: order.sort } : {}),
    ...(order.order !== 'asc' ? { order: order.order } : {}),
  };
}

/** The same filters on the answer, so typing narrows the shown page at once. */
export function filterApps(
  apps: AppSummary[],
  filters: AppFilters,
  ownershipRefs: string[],
): AppSummary[] {
  const owned = new Set(ownershipRefs.map(normalizeRef));
  const text = filters.text.trim().toLowerCase();
  return apps.filter(
    app =>
      (!filters.mine || owned.has(normalizeRef(app.owner))) &&
      (!filters.status || newestRelease(app)?.status === filters.status) &&
      (!filters.health || app.health === filters.health) &&
      (!text || app.name.includes(text)),
  );
}
