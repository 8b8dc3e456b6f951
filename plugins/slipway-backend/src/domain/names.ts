import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** The name part of an entity ref, for summaries: `user:default/jane` → `jane`. */
export function actorName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

const validators = makeValidator();

/**
 * Normalises an owner to a full, lowercase entity ref (`team-a` → `group:default/team-a`),
 * as the catalog does for `spec.owner`; lowercase so IS_APP_OWNER can match it in SQL.
 * Only users and groups own apps, with names and namespaces the catalog accepts.
 */
export function normalizeOwner(owner: unknown): string {
  const expected =
    'owner must be an entity ref of a user or group, like group:default/team-a or user:default/jane';
  if (typeof owner !== 'string' || owner.trim() === '' || owner.length > 255) {
    throw new InputError(expected);
  }
  let ref;
  try {
    ref = parseEntityRef(owner.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `owner "${owner.slice(0, 60)}" is not a valid entity ref: ${
        (error as Error).message
      }; ${expected}`,
    );
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    throw new InputError(
      `owner "${owner.slice(0, 60)}" is a ${ref.kind}; ${expected}`,
    );
  }
  if (
    !validators.isValidNamespace(ref.namespace) ||
    !validators.isValidEntityName(ref.name)
  ) {
    throw new InputError(
      `owner "${owner.slice(
        0,
        60,
      )}" is not a valid entity ref: names and namespaces are letters, digits, "-", "_" and "." (at most 63); ${expected}`,
    );
  }
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}
