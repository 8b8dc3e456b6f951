import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { parseOwnerRef } from '@slipway/plugin-slipway-common';

/** The name part of an entity ref, for summaries: `user:default/jane` → `jane`. */
export function actorName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * Normalises an owner to a full, lowercase entity ref (`team-a` → `group:default/team-a`),
 * as the catalog does for `spec.owner`; lowercase so IS_APP_OWNER can match it in SQL.
 * The rule is shared with the portal (`parseOwnerRef`), which shows the same refusal.
 */
export function normalizeOwner(owner: unknown): string {
  const parsed = parseOwnerRef(owner);
  if (parsed.problem !== undefined) throw new InputError(parsed.problem);
  return parsed.ref;
}
