import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { slugsDirectory } from './slug';
import { removeTree } from '../../hostFiles/removeTree';

const SLUG = /^[0-9a-f]{64}$/;
/** Build trees in progress, and slugs half-removed by a backend that stopped. */
const STAGING = /^\.(staging|removing)-[0-9a-f]+$/;

/** `slug:<sha256>` → `<sha256>` (undefined for an image that is not a slug). */
export function slugHash(image: string): string | undefined {
  const hash = image.startsWith('slug:') ? image.slice(5) : '';
  return SLUG.test(hash) ? hash : undefined;
}

/**
 * Removes slugs no build references. Slugs are content-addressed and shared: two apps that build
 * the same tree, or a promotion down a pipeline, point at one slug, so a slug goes only when no
 * build of any app names it. Slugs and build trees (`.staging-*`) changed after `keepAfter` stay:
 * a build stores its slug a moment before it is recorded. With `only`, just those hashes are
 * looked at (an app's own slugs when it is deleted). Returns the hashes removed.
 */
export async function collectSlugs(options: {
  dataDir: string;
  /** Hashes some build still names. */
  referenced: Set<string>;
  /** Entries modified after this stay (undefined: no grace, for `only`). */
  keepAfter?: Date;
  only?: string[];
}): Promise<string[]> {
  const dir = slugsDirectory(options.dataDir);
  let names: string[];
  try {
    names = options.only ?? (await fs.readdir(dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    const slug = SLUG.test(name);
    if (!slug && !STAGING.test(name)) continue;
    if (slug && options.referenced.has(name)) continue;
    const entry = path.join(dir, name);
    let stat;
    try {
      stat = await fs.lstat(entry);
    } catch {
      continue; // gone already
    }
    if (options.keepAfter && stat.mtime > options.keepAfter) continue;
    // Renamed first (atomic), so no one starts a process from a half-removed slug.
    const trash = path.join(dir, `.removing-${randomBytes(8).toString('hex')}`);
    try {
      await fs.rename(entry, trash);
    } catch {
      continue;
    }
    // One entry that cannot go (it stays renamed) must not stop the collection of the others.
    try {
      await removeTree(trash);
    } catch {
      continue;
    }
    if (slug) removed.push(name);
  }
  return removed;
}

/** The app's build cache: goes with the app, so the next app of that name starts clean. */
export async function removeBuildCache(
  dataDir: string,
  app: string,
): Promise<void> {
  await removeTree(path.join(dataDir, 'cache', app));
}
