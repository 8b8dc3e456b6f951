import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Release } from '@slipway/plugin-slipway-common';
import type { SlipwayActionsOptions } from './api';

/**
 * Waits until a release is no longer `pending` (the runtime has rolled it out or given up)
 * and returns it; throws with the platform's reason when it failed.
 */
export async function waitForRelease(
  app: string,
  lookup: () => Promise<Release | undefined>,
  options: Pick<
    SlipwayActionsOptions,
    'releasePollIntervalMs' | 'releaseTimeoutMs'
  > & { logger: LoggerService; signal?: AbortSignal },
): Promise<Release> {
  const interval = options.releasePollIntervalMs ?? 2000;
  const deadline = Date.now() + (options.releaseTimeoutMs ?? 15 * 60_000);
  let announced = false;
  for (;;) {
    const release = await lookup();
    if (release && release.status === 'succeeded') return release;
    if (release && release.status === 'failed') {
      throw new Error(
        `Release v${release.version} of ${app} failed${
          release.reason ? `: ${release.reason}` : ''
        }`,
      );
    }
    if (release && !announced) {
      options.logger.info(
        `Waiting for release v${release.version} of ${app} to roll out…`,
      );
      announced = true;
    }
    if (Date.now() > deadline) {
      throw new Error(
        release
          ? `Release v${release.version} of ${app} is still pending; see the app's events`
          : `No release of ${app} appeared; see the app's builds`,
      );
    }
    options.signal?.throwIfAborted();
    await new Promise(resolve => setTimeout(resolve, interval));
  }
}
