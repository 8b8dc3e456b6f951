import type { Build } from '@slipway/plugin-slipway-common';

/**
 * How many commits `upstream` (its builds, newest first) is ahead of a downstream app running
 * `downstreamSha`: the distinct shas built since that one. Undefined when the downstream sha
 * was never built upstream (nothing to compare) or either side has no sha.
 */
export function commitsAhead(
  upstreamBuilds: Pick<Build, 'sha' | 'status'>[],
  downstreamSha: string | undefined,
): number | undefined {
  if (!downstreamSha) return undefined;
  const seen = new Set<string>();
  for (const build of upstreamBuilds) {
    if (!build.sha || build.status !== 'succeeded') continue;
    if (build.sha === downstreamSha) return seen.size;
    seen.add(build.sha);
  }
  return undefined;
}
