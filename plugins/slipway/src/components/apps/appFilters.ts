import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  AppSummary,
  AppsQuery,
  ReleaseStatus,
} from '@slipway/plugin-slipway-common';

export type AppFilters = {
  /** Only apps owned by the user or their groups. */
  mine: boolean;
  /** The newest release's status, or '' for any. */
  status: '' | ReleaseStatus;
  /** Part of the app name, case-insensitively. */
  text: string;
};

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
    ...(filters.mine ? { owner: ownershipRefs } : {}),
  };
}

/** The same filters on the answer (for a backend that does not filter yet). */
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
      (!text || app.name.includes(text)),
  );
}
