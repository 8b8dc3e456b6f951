import { ConflictError, InputError } from '@backstage/errors';
import type { Ledger, ReleaseRecord } from '../../ledger';
import { diffReleases } from '../../domain/releases/diff';

/**
 * Refuses (409) an edit based on config that has changed since: the user staged their edits on
 * `baseVersion`'s config and would otherwise silently overwrite someone else's change. A release
 * that changed only the build (a push, a rollback to equal config) does not count: the config the
 * user saw is still the config they edit. Runs on the release's transaction, so nothing slips in.
 */
export async function refuseMovedConfig(
  tx: Ledger,
  latest: ReleaseRecord,
  baseVersion: number | undefined,
): Promise<void> {
  if (baseVersion === undefined || baseVersion === latest.version) return;
  const base =
    baseVersion < latest.version
      ? await tx.releases.get(latest.app, baseVersion)
      : undefined;
  if (!base) {
    throw new InputError(
      `baseVersion ${baseVersion} is not a release of "${latest.app}" (its latest is v${latest.version})`,
    );
  }
  const changed = diffReleases(
    { config: base.config },
    { config: latest.config },
    false,
  );
  if (changed.length === 0) return;
  const keys = [...new Set(changed.map(c => c.key))].join(', ');
  throw new ConflictError(
    `The config of "${latest.app}" changed since v${baseVersion} (now v${latest.version}: ${keys}); reload it and apply your edits again`,
  );
}
