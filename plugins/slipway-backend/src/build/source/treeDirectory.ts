import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';

/**
 * A pushed or built file the platform refuses to touch: a symlink, a FIFO, too large, ... The
 * message names the file and the problem, never its content (a parse error of a file that was a
 * link to a root-only file would print that file).
 */
export class SourceFileError extends InputError {}

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = fs.constants;

/**
 * On Linux `/proc/self/fd/<n>/<name>` resolves `<name>` inside the directory open as `<n>`, like
 * `openat(2)`: each step of a walk opens one name in the directory opened by the step before, so
 * no symlink anywhere on the way is followed and nothing swapped in between is honoured.
 */
const PROC_FD = '/proc/self/fd';
const hasProcFd = fs.existsSync(PROC_FD);

/** A directory of the tree, open; `at(name)` names an entry of it for the next system call. */
export type TreeDirectory = {
  at(name: string): string;
  close(): Promise<void>;
};

/**
 * The parts of a path the platform asks for ("Procfile", ".profile.d/nodejs.sh"): relative, no
 * empty, `.` or `..` part.
 */
export function pathParts(relative: string): string[] {
  const parts = relative.split('/');
  if (
    relative === '' ||
    path.isAbsolute(relative) ||
    parts.some(part => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`not a path inside the tree: ${JSON.stringify(relative)}`);
  }
  return parts;
}

/** Why an entry cannot be used as what it was expected to be; `undefined` when it is missing. */
export async function describeRefusal(
  at: string,
  shown: string,
  expected: 'directory' | 'regular file',
): Promise<SourceFileError | undefined> {
  const stat = await fsp.lstat(at).catch(() => undefined);
  if (!stat) return undefined;
  if (stat.isSymbolicLink()) {
    return new SourceFileError(
      `${quoted(
        shown,
      )} is a symbolic link: the platform only uses real files and directories of the app's tree`,
    );
  }
  return new SourceFileError(
    `${quoted(shown)} is ${kindOf(stat)}, not a ${expected}`,
  );
}

/**
 * A name of the tree as messages show it: quoted, with control characters escaped (a pushed name
 * may hold terminal escapes or line breaks that would forge lines of the push output).
 */
export function quoted(name: string): string {
  return JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);
}

export function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFile()) return 'a regular file';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a file';
}

/**
 * Opens the directory `relative` (`''` for the root) below `root` without following any symlink;
 * `create` makes missing directories. Returns undefined when it (or a directory on the way) is
 * missing and not created; throws SourceFileError when something on the way is a link or not a
 * directory. `root` itself is the platform's (a checkout or staging directory).
 */
export async function openTreeDirectory(
  root: string,
  relative: string,
  options: { create?: boolean } = {},
): Promise<TreeDirectory | undefined> {
  const parts = relative === '' ? [] : pathParts(relative);
  if (!hasProcFd) return walkByPath(root, parts, options);
  let handle = await fsp.open(root, O_RDONLY | O_DIRECTORY);
  const at = (name: string) => `${PROC_FD}/${handle.fd}/${name}`;
  try {
    for (const [index, name] of parts.entries()) {
      const shown = parts.slice(0, index + 1).join('/');
      let next: fsp.FileHandle;
      try {
        next = await openDirectoryEntry(at(name), options.create);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ELOOP' && code !== 'ENOTDIR')
          throw error;
        const refusal = await describeRefusal(at(name), shown, 'directory');
        if (refusal) throw refusal;
        await handle.close();
        return undefined;
      }
      await handle.close();
      handle = next;
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  const open = handle;
  return { at, close: () => open.close() };
}

async function openDirectoryEntry(at: string, create?: boolean) {
  const flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
  try {
    return await fsp.open(at, flags);
  } catch (error) {
    if (!create || (error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw error;
    // mkdir never follows a link at its last component (EEXIST instead).
    await fsp.mkdir(at, { mode: 0o755 }).catch(e => {
      if (e.code !== 'EEXIST') throw e;
    });
    return fsp.open(at, flags);
  }
}

/** Without /proc (not Linux): each directory on the way is checked with lstat before it is used. */
async function walkByPath(
  root: string,
  parts: string[],
  options: { create?: boolean },
): Promise<TreeDirectory | undefined> {
  let current = root;
  for (const [index, name] of parts.entries()) {
    const next = path.join(current, name);
    let stat = await fsp.lstat(next).catch(() => undefined);
    if (!stat && options.create) {
      await fsp.mkdir(next, { mode: 0o755 }).catch(() => undefined);
      stat = await fsp.lstat(next).catch(() => undefined);
    }
    if (!stat) return undefined;
    if (!stat.isDirectory()) {
      const shown = parts.slice(0, index + 1).join('/');
      throw (
        (await describeRefusal(next, shown, 'directory')) ??
        new SourceFileError(`${quoted(shown)} is missing`)
      );
    }
    current = next;
  }
  const dir = current;
  return { at: name => path.join(dir, name), close: async () => undefined };
}
