import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ServiceContext } from '../context';
import { readableText } from '../../domain/readableText';
import { secretMask, type Mask } from '../../domain/secretMask';

/** How many of an app's newest releases lend their values to the mask (old, rotated secrets too). */
const RELEASES_MASKED = 10;

/**
 * The mask for output of `app` shown to `credentials`: nothing is masked for callers allowed
 * `slipway.app.config.read`; for everyone else every value of the app's newest releases' config.
 * For everyone, control characters but `\n` and `\t` are made visible (see readableText).
 */
export async function outputMask(
  ctx: ServiceContext,
  credentials: BackstageCredentials,
  app: string,
): Promise<Mask> {
  return (await outputMasks(ctx, credentials, [app])).get(app)!;
}

/**
 * The masks of several apps (e.g. the failed ones of a page of apps): the permission checks
 * together, then one read of the newest releases of the apps whose values the caller may not see.
 */
export async function outputMasks(
  ctx: ServiceContext,
  credentials: BackstageCredentials,
  apps: string[],
): Promise<Map<string, Mask>> {
  const masks = new Map<string, Mask>();
  const mayRead = await ctx.authorizer.mayReadValuesOf(credentials, apps);
  const masked = apps.filter(app => !mayRead.has(app));
  // Control characters are neutralised for every reader, after masking (which needs the raw text).
  for (const app of apps) masks.set(app, readableText);
  const newest = await ctx.ledger.releases.newestOf(masked, RELEASES_MASKED);
  for (const app of masked) {
    const mask = secretMask(
      (newest.get(app) ?? []).map(release => release.config.values),
    );
    masks.set(app, text => readableText(mask(text)));
  }
  return masks;
}
