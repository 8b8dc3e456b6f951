import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { App } from '@slipway/plugin-slipway-common';

export type AppFilters = {
  /** Only apps owned by the user or their groups. */
  mine: boolean;
  /** A release status, or '' for any. */
  status: string;
  /** Matches name, owner or URL, case-insensitively. */
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

export function filterApps(
  apps: App[],
  filters: AppFilters,
  ownershipRefs: string[],
): App[] {
  const owned = new Set(ownershipRefs.map(normalizeRef));
  const text = filters.text.trim().toLowerCase();
  return apps.filter(
    app =>
      (!filters.mine || owned.has(normalizeRef(app.owner))) &&
      (!filters.status || app.release?.status === filters.status) &&
      (!text ||
        [app.name, app.owner, app.url].some(v =>
          v.toLowerCase().includes(text),
        )),
  );
}
