import type { AuthService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** Who a user is for ownership: the user's own ref and the groups the user is a member of. */
export type OwnershipResolver = {
  /** Lowercase entity refs, the user's own first. */
  ownershipRefs(userEntityRef: string): Promise<string[]>;
};

/**
 * Ownership refs as the catalog has them now, the way Backstage's sign-in resolvers compute a
 * user's `ownershipEntityRefs` (the user's ref and its direct `memberOf` groups) and so what
 * IS_APP_OWNER matches. Used where a request carries no user token (git pushes with a deploy
 * token), so that losing a group membership also loses the right to push.
 */
export class CatalogOwnership implements OwnershipResolver {
  constructor(
    private readonly catalog: Pick<CatalogService, 'getEntityByRef'>,
    private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>,
  ) {}

  async ownershipRefs(userEntityRef: string): Promise<string[]> {
    const own = userEntityRef.toLocaleLowerCase('en-US');
    const entity = await this.catalog.getEntityByRef(userEntityRef, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
    // A user the catalog does not know (e.g. a guest) owns what is owned by its own ref only.
    return [...new Set([own, ...(entity ? groupsOf(entity) : [])])];
  }
}

function groupsOf(entity: Entity): string[] {
  const refs = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_MEMBER_OF)
    .map(relation => relation.targetRef);
  // The catalog fills relations in when it processes the entity; spec.memberOf says the same earlier.
  const memberOf = (entity.spec as { memberOf?: unknown } | undefined)
    ?.memberOf;
  if (Array.isArray(memberOf)) {
    for (const group of memberOf) {
      if (typeof group !== 'string') continue;
      try {
        refs.push(
          stringifyEntityRef(
            parseEntityRef(group, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          ),
        );
      } catch {
        // Not a ref; the catalog would not relate it either.
      }
    }
  }
  return refs.map(ref => ref.toLocaleLowerCase('en-US'));
}
