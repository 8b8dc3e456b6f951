import type { AppBlock, RenderedConfig } from './render';

/** Tests a set of app blocks rendered into a whole config; resolves with nginx's complaint or undefined. */
export type BlockTester = (blocks: AppBlock[]) => Promise<string | undefined>;

/**
 * Finds the app whose block makes `nginx -t` fail. First from the complaint itself (nginx names
 * the line, or the certificate file, at fault); when it does not say, by bisecting the apps that
 * changed since the live config: their new blocks are added half by half on top of the live ones.
 * Returns undefined when the config fails even without any changed app (a platform-level fault).
 */
export async function findCulprit(args: {
  complaint: string;
  configFile: string;
  rendered: RenderedConfig;
  blocks: Map<string, AppBlock>;
  /** Apps whose block differs from the live config, sorted. */
  changed: string[];
  /** An app's live block, if it has one. */
  liveBlock: (app: string) => AppBlock | undefined;
  test: BlockTester;
  /** Only for tests of the bisection: skip reading the complaint. */
  bisectOnly?: boolean;
}): Promise<string | undefined> {
  if (!args.bisectOnly) {
    const named = fromComplaint(
      args.complaint,
      args.configFile,
      args.rendered,
      args.blocks,
    );
    if (named) return named;
  }
  const { changed, blocks, liveBlock, test } = args;
  const withChanged = async (count: number) => {
    const picked = new Set(changed.slice(0, count));
    const set: AppBlock[] = [];
    for (const [app, block] of blocks) {
      const chosen =
        !changed.includes(app) || picked.has(app) ? block : liveBlock(app);
      if (chosen) set.push(chosen);
    }
    return test(set);
  };
  if (changed.length === 0 || (await withChanged(0)) !== undefined)
    return undefined;
  // Invariant: the first `lo` changed apps pass together, the first `hi` do not.
  let lo = 0;
  let hi = changed.length;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await withChanged(mid)) === undefined) lo = mid;
    else hi = mid;
  }
  return changed[hi - 1];
}

/** The app an nginx complaint points at: by `in <file>:<line>` or by a certificate file name. */
export function fromComplaint(
  complaint: string,
  configFile: string,
  rendered: RenderedConfig,
  blocks: Map<string, AppBlock>,
): string | undefined {
  const at = complaint.lastIndexOf(`${configFile}:`);
  if (at >= 0) {
    const line = Number(
      /^(\d+)/.exec(complaint.slice(at + configFile.length + 1))?.[1],
    );
    for (const [app, [first, last]] of rendered.lines) {
      if (line >= first && line <= last) return app;
    }
  }
  const cert = /\/([0-9a-f]{32})\.(crt|key)\b/.exec(complaint)?.[1];
  if (cert) {
    for (const [app, block] of blocks) {
      if (block.certIds.includes(cert)) return app;
    }
  }
  return undefined;
}
