import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

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
 */
export function normalizeOwner(owner: unknown): string {
  if (typeof owner !== 'string' || owner.trim() === '' || owner.length > 255) {
    throw new InputError(
      'owner must be an entity ref like group:default/team-a or user:default/jane',
    );
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch (error) {
    throw new InputError(
      `owner "${owner.slice(0, 60)}" is not a valid entity ref: ${
        (error as Error).message
      }`,
    );
  }
}
