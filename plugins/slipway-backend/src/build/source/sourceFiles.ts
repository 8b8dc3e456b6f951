import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { formatBytes } from '@slipway/plugin-slipway-common';
import {
  describeRefusal,
  kindOf,
  openTreeDirectory,
  pathParts,
  quoted,
  SourceFileError,
  type TreeDirectory,
} from './treeDirectory';

/*
 * The one way the backend reads and writes files of a pushed (or built) tree on the host, where it
 * runs with the backend's rights: only regular files inside the tree, no symlink on the way, no
 * FIFO or device, no file with other hard links, bounded in size. Everything else is refused with
 * a message that names the file and the problem.
 */

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } =
  fs.constants;

/** Default bound of a file the platform reads (package.json and the like). */
export const MAX_SOURCE_FILE_BYTES = 1024 * 1024;

async function refusalOf(
  at: string,
  relative: string,
  expected: 'directory' | 'regular file',
): Promise<SourceFileError> {
  return (
    (await describeRefusal(at, relative, expected)) ??
    new SourceFileError(`${quoted(relative)} is missing`)
  );
}

/** Runs `use` with the directory holding `relative`, open; undefined when it is missing. */
async function inParent<T>(
  root: string,
  relative: string,
  options: { create?: boolean },
  use: (dir: TreeDirectory, name: string) => Promise<T>,
): Promise<T | undefined> {
  const parts = pathParts(relative);
  const name = parts.pop()!;
  const dir = await openTreeDirectory(root, parts.join('/'), options);
  if (!dir) return undefined;
  try {
    return await use(dir, name);
  } finally {
    await dir.close();
  }
}

/**
 * The content of the regular file `relative` below `root`, or undefined when there is none. Refuses
 * (SourceFileError) a symlink at or above it, anything but a regular file, a file with other hard
 * links (a tree the platform checked out has none: one would be a way to a file outside it), and
 * a file larger than `maxBytes` (by its apparent size: sparse files count in full).
 */
export async function readSourceFile(
  root: string,
  relative: string,
  options: { maxBytes?: number; head?: boolean } = {},
): Promise<Buffer | undefined> {
  const maxBytes = options.maxBytes ?? MAX_SOURCE_FILE_BYTES;
  return inParent(root, relative, {}, async (dir, name) => {
    const at = dir.at(name);
    // lstat first: a FIFO or device is never opened (opening one may block or act).
    const before = await fsp.lstat(at).catch(() => undefined);
    if (!before) return undefined;
    if (!before.isFile()) throw await refusalOf(at, relative, 'regular file');
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(at, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch (error) {
      const refusal = await describeRefusal(at, relative, 'regular file');
      if (refusal) throw refusal;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SourceFileError(
        `${quoted(relative)} could not be read (${
          (error as NodeJS.ErrnoException).code
        })`,
      );
    }
    try {
      const stat = await handle.stat();
      if (
        !stat.isFile() ||
        stat.ino !== before.ino ||
        stat.dev !== before.dev
      ) {
        throw new SourceFileError(
          `${quoted(relative)} is ${kindOf(stat)}, not a regular file`,
        );
      }
      if (stat.nlink > 1) {
        throw new SourceFileError(
          `${quoted(
            relative,
          )} has other hard links: the platform only reads files that belong to the app's tree alone`,
        );
      }
      if (!options.head && stat.size > maxBytes) {
        throw new SourceFileError(
          `${quoted(relative)} is larger than ${formatBytes(maxBytes)}`,
        );
      }
      return await readAtMost(handle, relative, maxBytes, options.head);
    } finally {
      await handle.close();
    }
  });
}

/** Reads up to `maxBytes` (the file may grow after fstat); more is refused unless only the head is wanted. */
async function readAtMost(
  handle: fsp.FileHandle,
  relative: string,
  maxBytes: number,
  head?: boolean,
): Promise<Buffer> {
  const buffer = Buffer.alloc(maxBytes + 1);
  let length = 0;
  while (length < buffer.length) {
    const { bytesRead } = await handle.read(
      buffer,
      length,
      buffer.length - length,
      length,
    );
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (length > maxBytes) {
    if (head) return buffer.subarray(0, maxBytes);
    throw new SourceFileError(
      `${quoted(relative)} is larger than ${formatBytes(maxBytes)}`,
    );
  }
  return buffer.subarray(0, length);
}

/** Whether the tree has an entry at `relative` that is not a directory (a file, or a link the reader will refuse). */
export async function hasSourceEntry(
  root: string,
  relative: string,
): Promise<boolean> {
  return entryIs(root, relative, stat => !stat.isDirectory());
}

/** Whether `relative` is a regular file of the tree (no symlink at or above it). */
export async function isSourceFile(
  root: string,
  relative: string,
): Promise<boolean> {
  return entryIs(root, relative, stat => stat.isFile());
}

/** Whether the entry at `relative` (not followed) exists and passes `test`; false past a refused directory. */
async function entryIs(
  root: string,
  relative: string,
  test: (stat: fs.Stats) => boolean,
): Promise<boolean> {
  try {
    const found = await inParent(root, relative, {}, async (dir, name) => {
      const stat = await fsp.lstat(dir.at(name)).catch(() => undefined);
      return Boolean(stat && test(stat));
    });
    return found ?? false;
  } catch (error) {
    if (error instanceof SourceFileError) return false;
    throw error;
  }
}

/**
 * Writes `content` as the file `relative` below `root`, creating missing directories. Whatever is
 * at that name (a file, a link planted by the app) is removed first, never followed, and the file
 * is created anew (O_CREAT|O_EXCL|O_NOFOLLOW); a symlink among its directories is refused.
 */
export async function writeTreeFile(
  root: string,
  relative: string,
  content: string | Buffer,
  mode = 0o644,
): Promise<void> {
  await inParent(root, relative, { create: true }, async (dir, name) => {
    const at = dir.at(name);
    await removeEntry(at, relative);
    const handle = await fsp.open(
      at,
      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
      mode,
    );
    try {
      await handle.writeFile(content);
      await handle.chmod(mode);
    } finally {
      await handle.close();
    }
  });
}

/** Removes the file or link `relative` (never what a link points to); a directory is refused. */
export async function removeTreeFile(
  root: string,
  relative: string,
): Promise<void> {
  await inParent(root, relative, {}, async (dir, name) =>
    removeEntry(dir.at(name), relative),
  );
}

async function removeEntry(at: string, relative: string) {
  try {
    await fsp.unlink(at);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EISDIR' || code === 'EPERM')
      throw new SourceFileError(
        `${quoted(relative)} is a directory, where the platform writes a file`,
      );
    throw error;
  }
}

/** Entries of the directory `relative` (no symlink on the way) with their kinds; undefined when missing. */
export async function listTreeDirectory(
  root: string,
  relative: string,
): Promise<fs.Dirent[] | undefined> {
  const dir = await openTreeDirectory(root, relative);
  if (!dir) return undefined;
  try {
    return await fsp.readdir(dir.at('.'), { withFileTypes: true });
  } finally {
    await dir.close();
  }
}

/** Removes the directory `relative` and everything in it, never following a link on the way or in it. */
export async function removeTreeDirectory(
  root: string,
  relative: string,
): Promise<void> {
  await inParent(root, relative, {}, async (dir, name) => {
    const stat = await fsp.lstat(dir.at(name)).catch(() => undefined);
    if (!stat) return;
    if (!stat.isDirectory()) {
      await removeEntry(dir.at(name), relative);
      return;
    }
    // fs.rm removes links as links; it never descends into what they point to.
    await fsp.rm(dir.at(name), { recursive: true, force: true });
  });
}
