import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** Who may own apps and pipelines, as the catalog knows them. */
export type OwnerDirectory = {
  /** Whether the catalog has this User or Group (a lowercase entity ref). */
  knows(ownerRef: string): Promise<boolean>;
  /** The Users the catalog relates to the group as members (lowercase refs). */
  membersOf(groupRef: string): Promise<string[]>;
};

/**
 * Owners are catalog entities, as in Backstage's own forms (an OwnerPicker offers only what the
 * catalog has): an owner the catalog does not know would own an app nobody can act for.
 */
export class CatalogDirectory implements OwnerDirectory {
  constructor(
    private readonly catalog: Pick<
      CatalogService,
      'getEntityByRef' | 'getEntities'
    >,
    private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>,
  ) {}

  async knows(ownerRef: string): Promise<boolean> {
    const entity = await this.catalog.getEntityByRef(ownerRef, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
    const kind = entity?.kind.toLocaleLowerCase('en-US');
    return kind === 'user' || kind === 'group';
  }

  async membersOf(groupRef: string): Promise<string[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'user', 'relations.memberof': groupRef },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    return items.map(user =>
      stringifyEntityRef(user).toLocaleLowerCase('en-US'),
    );
  }
}
