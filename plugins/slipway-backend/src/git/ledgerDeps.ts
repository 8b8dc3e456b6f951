import type { TrafficRouter } from '@slipway/plugin-slipway-node';
import { randomUUID } from 'node:crypto';
import type { Ledger } from '../ledger';
import type { Reconciler } from '../reconciler';
import type { SlipwayServices } from '../services';
import { buildView, releaseView } from '../domain/views';
import type { GitApps, GitBuilds, GitReleases, GitTokens } from './types';

/** How long a push waits for its release to serve before it reports "did not finish". */
const RELEASE_WAIT_MS = 10 * 60 * 1000;

/**
 * What the git remote needs, served by the ledger's services: deploy tokens, apps, recording
 * builds and waiting for releases. The push acts as the user the token was issued to.
 */
export function gitLedgerDeps(options: {
  ledger: Ledger;
  services: SlipwayServices;
  reconciler: Reconciler;
  router: TrafficRouter;
  /** Tells open portal pages that the app changed (a build started), so it shows at once. */
  appChanged?: (app: string) => Promise<void>;
  /** This backend instance: its pending builds are failed by another replica if its lease expires. */
  runner?: string;
}): {
  tokens: GitTokens;
  apps: GitApps;
  builds: GitBuilds;
  releases: GitReleases;
} {
  const { ledger, services, reconciler, router, appChanged, runner } = options;
  return {
    tokens: services.tokens,
    apps: {
      exists: async app => Boolean(await ledger.apps.get(app)),
      url: async app => router.defaultUrl(app),
    },
    builds: {
      async startBuild(app, sha, userEntityRef) {
        const id = randomUUID();
        await ledger.builds.insert(
          {
            id,
            app,
            image: '',
            sha,
            procfile: {},
            status: 'pending',
            log: '',
            createdBy: userEntityRef,
            createdAt: new Date().toISOString(),
          },
          runner,
        );
        // Inserted outside the services (no release yet), so nothing else signals it.
        await appChanged?.(app);
        return {
          id,
          saveLog: async log => {
            await ledger.builds.updateLog(app, id, log);
          },
        };
      },
      async recordBuild(app, build, userEntityRef, pushedAs) {
        const recorded = await services.builds.recordBuild(
          app,
          build,
          userEntityRef,
          pushedAs,
        );
        return {
          build: buildView(recorded.build),
          ...(recorded.release
            ? { release: releaseView(recorded.release, recorded.build, false) }
            : {}),
        };
      },
    },
    releases: {
      async waitForRelease(app, version, signal) {
        // Settled, or still pending after the wait (reported as such, with the release's state).
        await reconciler.whenSettled(app, version, {
          timeoutMs: RELEASE_WAIT_MS,
          signal,
        });
        const release = await ledger.releases.get(app, version);
        if (!release) throw new Error(`Release v${version} of ${app} is gone`);
        const build = release.buildId
          ? await ledger.builds.get(app, release.buildId)
          : undefined;
        return releaseView(release, build, false);
      },
    },
  };
}
