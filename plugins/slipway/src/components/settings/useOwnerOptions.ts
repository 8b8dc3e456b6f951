import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** A User or Group the catalog knows, as an owner to pick. */
export type OwnerOption = {
  /** Lowercase entity ref, as the API stores owners, e.g. `group:default/team-a`. */
  ref: string;
  kind: 'User' | 'Group';
  /** The profile's display name, else the title, else the name. */
  label: string;
};

function optionOf(entity: Entity): OwnerOption {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return {
    ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    kind: entity.kind.toLocaleLowerCase('en-US') === 'user' ? 'User' : 'Group',
    label:
      profile?.displayName ?? entity.metadata.title ?? entity.metadata.name,
  };
}

/**
 * The catalog's Users and Groups (groups first, then by name), as Backstage's own OwnerPicker
 * offers them: the API refuses an owner the catalog does not know.
 */
export function useOwnerOptions() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: ['User', 'Group'] },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items
      .map(optionOf)
      .sort(
        (a, b) => a.kind.localeCompare(b.kind) || a.ref.localeCompare(b.ref),
      );
  }, [catalogApi]);
}
