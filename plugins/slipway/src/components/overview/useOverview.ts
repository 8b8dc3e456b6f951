import { useApi } from '@backstage/core-plugin-api';
import type {
  Build,
  Process,
  Release,
  SlipwayApi,
} from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from '../../api';
import { appChannel, itemsOf, useLiveLoad } from '../shared';

/** Process states that change on their own soon. */
const TRANSITIONAL = new Set(['starting', 'stopping']);

export type Overview = Awaited<ReturnType<typeof loadOverview>>;

async function loadOverview(api: SlipwayApi, app: string) {
  const [details, processes, domains, releases, builds] = await Promise.all([
    api.getApp(app),
    api.listProcesses(app),
    api.listDomains(app),
    // Enough to find the release that serves behind a few newer pending or failed ones.
    api.listReleases(app, { limit: 20 }),
    api.listBuilds(app),
  ]);
  const newestBuild: Build | undefined = itemsOf(builds)[0];
  // A push whose build and release succeeded moved the remote's main (deployed images did not).
  const remoteHasCommits = itemsOf(builds).some(
    build => Boolean(build.sha) && build.status === 'succeeded',
  );
  // A failed build is shown with its last log lines: fetch the log only then.
  const failedBuild =
    newestBuild?.status === 'failed'
      ? await api.getBuild(app, newestBuild.id)
      : undefined;
  const recent: Release[] = itemsOf(releases);
  return {
    details,
    processes,
    domains,
    servingRelease: servingRelease(details.release, recent),
    newestRelease: recent[0] as Release | undefined,
    newestBuild,
    failedBuild,
    remoteHasCommits,
  };
}

/**
 * The release that serves: the API's `release` is the newest that did not fail, which during a
 * rollout is the pending one; until it succeeds the newest succeeded one before it still serves.
 */
function servingRelease(
  release: Release | undefined,
  recent: Release[],
): Release | undefined {
  if (release?.status !== 'pending') return release;
  return recent.find(
    r => r.status === 'succeeded' && r.version < release.version,
  );
}

/** Whether something on the overview is still changing on its own. */
export function isSettling(overview: Overview): boolean {
  return (
    overview.newestRelease?.status === 'pending' ||
    overview.details.health === 'starting' ||
    overview.newestBuild?.status === 'pending' ||
    overview.processes.some((p: Process) => TRANSITIONAL.has(p.state))
  );
}

/** The overview's data, kept current by signals and polling. */
export function useOverview(app: string) {
  const api = useApi(slipwayApiRef);
  return useLiveLoad(() => loadOverview(api, app), [api, app], {
    channel: appChannel(app),
    settling: isSettling,
  });
}
