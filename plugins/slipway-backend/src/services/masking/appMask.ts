import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ServiceContext } from '../context';
import { secretMask, UNMASKED, type Mask } from '../../domain/secretMask';

/** How many of an app's newest releases lend their values to the mask (old, rotated secrets too). */
const RELEASES_MASKED = 10;

/**
 * The mask for output of `app` shown to `credentials`: nothing is masked for callers allowed
 * `slipway.app.config.read`; for everyone else every value of the app's newest releases' config.
 */
export async function outputMask(
  ctx: ServiceContext,
  credentials: BackstageCredentials,
  app: string,
): Promise<Mask> {
  if (await ctx.authorizer.mayReadValues(credentials, app)) return UNMASKED;
  const releases = await ctx.ledger.releases.newest(app, {
    limit: RELEASES_MASKED,
  });
  return secretMask(releases.map(release => release.config.values));
}
