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
    api.listReleases(app, { limit: 1 }),
    api.listBuilds(app),
  ]);
  const newestBuild: Build | undefined = itemsOf(builds)[0];
  // A failed build is shown with its last log lines: fetch the log only then.
  const failedBuild =
    newestBuild?.status === 'failed'
      ? await api.getBuild(app, newestBuild.id)
      : undefined;
  return {
    details,
    processes,
    domains,
    newestRelease: itemsOf(releases)[0] as Release | undefined,
    newestBuild,
    failedBuild,
  };
}

/** Whether something on the overview is still changing on its own. */
export function isSettling(overview: Overview): boolean {
  return (
    overview.newestRelease?.status === 'pending' ||
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
