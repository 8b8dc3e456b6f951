import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { formatBytes } from '@slipway/plugin-slipway-common';
import { quoted } from './treeDirectory';

/**
 * How much pushed source one build takes: bounded work on hostile input (a 1 MB pack of zeros
 * checks out as 1 GB). Applies to the checked-out tree, before any build, on every builder.
 */
export type SourceLimits = {
  /** Sum of the apparent sizes of the tree's files (`slipway.local.maxSourceBytes`). */
  maxBytes: number;
  /** Files, links and directories. */
  maxEntries: number;
  /** Directories deep (`a/b/c` is 3). */
  maxDepth: number;
};

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxEntries: 100_000,
  maxDepth: 64,
};

/** Reads `slipway.local.maxSourceBytes` (the other bounds are fixed). */
export function readSourceLimits(config: Config): SourceLimits {
  const maxBytes =
    config.getOptionalNumber('slipway.local.maxSourceBytes') ??
    DEFAULT_SOURCE_LIMITS.maxBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new InputError(
      'slipway.local.maxSourceBytes must be a positive whole number of bytes',
    );
  }
  return { ...DEFAULT_SOURCE_LIMITS, maxBytes };
}

/** The refusal of a tree over a limit, as the pusher reads it. */
export class SourceTooLargeError extends InputError {}

export function tooManyBytes(limits: SourceLimits, found?: number) {
  return new SourceTooLargeError(
    `the pushed source is too large: its files add up to ${
      found === undefined ? 'more than' : `${formatBytes(found)}, more than`
    } the ${formatBytes(
      limits.maxBytes,
    )} allowed (slipway.local.maxSourceBytes)`,
  );
}

export function tooManyEntries(limits: SourceLimits) {
  return new SourceTooLargeError(
    `the pushed source has more than ${limits.maxEntries} files and directories`,
  );
}

export function tooDeep(limits: SourceLimits, where: string) {
  return new SourceTooLargeError(
    `the pushed source is nested more than ${
      limits.maxDepth
    } directories deep (at ${quoted(where)})`,
  );
}
