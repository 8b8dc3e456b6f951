import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from '../source';
import { removeTree } from '../../hostFiles/removeTree';

/**
 * Slugs: the built app trees, stored immutably under `<dataDir>/slugs/<sha256>/`.
 * The name is a hash over every entry's path, kind, mode and content (or link target), so the same
 * built tree always gets the same name and an existing slug is reused instead of written again.
 */

const FILE_MODE = 0o644;
const EXECUTABLE_MODE = 0o755;
const DIRECTORY_MODE = 0o755;

export function slugsDirectory(dataDir: string): string {
  return path.join(dataDir, 'slugs');
}

/** A fresh directory next to the slugs (same file system, so the final rename is atomic). */
export async function createStagingDirectory(dataDir: string): Promise<string> {
  const slugs = slugsDirectory(dataDir);
  await fs.mkdir(slugs, { recursive: true });
  const staging = path.join(
    slugs,
    `.staging-${randomBytes(8).toString('hex')}`,
  );
  await fs.mkdir(staging, { mode: DIRECTORY_MODE });
  return staging;
}

/**
 * Hashes the tree under `root`. Modes are normalised first (0644, 0755 for executables and
 * directories) so that the umask of the build machine does not change the hash.
 */
export async function hashTree(root: string): Promise<string> {
  const tree = createHash('sha256');
  const walk = async (relative: string): Promise<void> => {
    const names = (await fs.readdir(path.join(root, relative))).sort();
    for (const name of names) {
      const entry = relative ? `${relative}/${name}` : name;
      const absolute = path.join(root, entry);
      const stat = await fs.lstat(absolute);
      if (stat.isSymbolicLink()) {
        const target = await fs.readlink(absolute);
        tree.update(
          `link ${JSON.stringify(entry)} ${JSON.stringify(target)}\n`,
        );
      } else if (stat.isDirectory()) {
        await fs.chmod(absolute, DIRECTORY_MODE);
        tree.update(`dir ${JSON.stringify(entry)}\n`);
        await walk(entry);
      } else if (stat.isFile()) {
        // eslint-disable-next-line no-bitwise
        const mode = stat.mode & 0o111 ? EXECUTABLE_MODE : FILE_MODE;
        await fs.chmod(absolute, mode);
        // Streamed: a 1 GiB file costs a read buffer, not 1 GiB of memory.
        const content = (await hashFile(absolute)).digest;
        tree.update(
          `file ${mode.toString(8)} ${JSON.stringify(entry)} ${content}\n`,
        );
      } else {
        throw new Error(
          `The build produced "${entry}", which is neither a file, a directory nor a symlink`,
        );
      }
    }
  };
  await walk('');
  return tree.digest('hex');
}

/**
 * Turns a staging directory into a slug and returns its hash. When a slug with the same hash
 * exists already (the same tree was built before), the staging directory is dropped and the slug reused.
 */
export async function storeSlug(
  dataDir: string,
  staging: string,
): Promise<string> {
  const hash = await hashTree(staging);
  const target = path.join(slugsDirectory(dataDir), hash);
  if (await exists(target)) {
    await removeTree(staging);
    return hash;
  }
  try {
    await fs.rename(staging, target);
  } catch (error) {
    // Another build produced the same slug in the meantime: that one is as good as ours.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    await removeTree(staging);
  }
  return hash;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}
