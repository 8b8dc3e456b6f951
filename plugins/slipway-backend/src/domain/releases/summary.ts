import type { Build, ReleaseDiffEntry } from '@slipway/plugin-slipway-common';
import { actorName } from '../names';

/** "jane added FOO, changed BAR, removed BAZ" (limits/tags/healthchecks named by section). */
export function configChangeSummary(
  actor: string,
  changes: ReleaseDiffEntry[],
): string {
  const parts: string[] = [];
  for (const change of ['added', 'changed', 'removed'] as const) {
    const names = changes
      .filter(c => c.change === change && c.section !== 'build')
      .map(c => (c.section === 'values' ? c.key : `${c.section} ${c.key}`));
    if (names.length > 0) parts.push(`${change} ${names.join(', ')}`);
  }
  return `${actorName(actor)} ${parts.join(', ')}`;
}

/**
 * "jane deployed 1a2b3c4" (the short git sha, or the image when there is none; a slug's hash
 * shortened, since every reader sees summaries).
 */
export function deploySummary(
  actor: string,
  build: Pick<Build, 'image' | 'sha'>,
): string {
  return `${actorName(actor)} deployed ${
    build.sha ? build.sha.slice(0, 7) : shortImage(build.image)
  }`;
}

/** `slug:<first 12 of the hash>`, or the image as it is. */
export function shortImage(image: string): string {
  return image.startsWith('slug:')
    ? image.slice(0, 'slug:'.length + 12)
    : image;
}

export function rollbackSummary(actor: string, version: number): string {
  return `${actorName(actor)} rolled back to v${version}`;
}
