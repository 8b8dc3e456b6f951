import type { AppDesiredState } from '@slipway/plugin-slipway-node';
import type { Ledger } from '../ledger';
import { withDefaults } from '../domain/defaults';
import { buildView, sortKeys } from '../domain/views';

/**
 * What an app should look like according to the ledger: the newest release that has a build and
 * has not failed (with its decrypted config), the one before it, the structure and the settings.
 * Same ledger state → deep-equal result.
 */
export async function desiredStateOf(
  ledger: Ledger,
  name: string,
): Promise<AppDesiredState | undefined> {
  const app = await ledger.apps.get(name);
  if (!app) return undefined;
  const runnable = await ledger.releases.newest(name, {
    withBuild: true,
    notFailed: true,
    limit: 2,
  });
  const builds = new Map(
    (await ledger.builds.getMany(runnable.map(r => r.buildId!))).map(b => [
      b.id,
      b,
    ]),
  );
  const [current, previous] = runnable.map(release => ({
    version: release.version,
    build: buildView(builds.get(release.buildId!)!),
    config: release.config,
  }));
  return {
    app: app.name,
    owner: app.owner,
    cluster: app.cluster,
    ...(current ? { release: current } : {}),
    ...(previous ? { previousRelease: previous } : {}),
    structure: sortKeys(app.structure),
    settings: withDefaults(app.settings),
  };
}
