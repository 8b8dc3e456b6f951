import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  tooDeep,
  tooManyBytes,
  tooManyEntries,
  type SourceLimits,
} from './sourceLimits';

/**
 * Checks a tree against the source limits without reading a file: the apparent sizes of its regular
 * files (a sparse file counts in full), its entries and depth. Links are counted, never followed.
 * Stops at the first limit passed (SourceTooLargeError).
 */
export async function checkSourceTree(
  root: string,
  limits: SourceLimits,
): Promise<{ bytes: number; entries: number }> {
  let bytes = 0;
  let entries = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
      if (++entries > limits.maxEntries) throw tooManyEntries(limits);
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth + 1 > limits.maxDepth)
          throw tooDeep(limits, path.relative(root, file));
        await walk(file, depth + 1);
      } else if (entry.isFile()) {
        bytes += (await fsp.lstat(file)).size;
        if (bytes > limits.maxBytes) throw tooManyBytes(limits);
      }
    }
  };
  await walk(root, 0);
  return { bytes, entries };
}
