import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const validators = makeValidator();

const EXPECTED =
  'owner must be an entity ref of a user or group, like group:default/team-a or user:default/jane';

/**
 * An owner as a full, lowercase entity ref (`team-a` → `group:default/team-a`), as the catalog reads
 * `spec.owner`; or why it cannot own an app. Only users and groups own apps, with names and
 * namespaces the catalog accepts.
 */
export function parseOwnerRef(
  owner: unknown,
): { ref: string; problem?: undefined } | { ref?: undefined; problem: string } {
  if (typeof owner !== 'string' || owner.trim() === '' || owner.length > 255) {
    return { problem: EXPECTED };
  }
  const shown = owner.slice(0, 60);
  let ref;
  try {
    ref = parseEntityRef(owner.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    return {
      problem: `owner "${shown}" is not a valid entity ref: ${
        (error as Error).message
      }; ${EXPECTED}`,
    };
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    return { problem: `owner "${shown}" is a ${ref.kind}; ${EXPECTED}` };
  }
  if (
    !validators.isValidNamespace(ref.namespace) ||
    !validators.isValidEntityName(ref.name)
  ) {
    return {
      problem: `owner "${shown}" is not a valid entity ref: names and namespaces are letters, digits, "-", "_" and "." (at most 63); ${EXPECTED}`,
    };
  }
  return { ref: stringifyEntityRef(ref).toLocaleLowerCase('en-US') };
}

/** Returns why `owner` cannot own an app, or undefined when it can (a bare name is a group). */
export function ownerRefProblem(owner: unknown): string | undefined {
  return parseOwnerRef(owner).problem;
}
