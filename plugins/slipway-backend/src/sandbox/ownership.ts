import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Sets owner and group of `dir` (and, when `recursive`, of everything below it) without ever
 * following a symlink: a build may leave a link to /etc/shadow behind, and it must stay a link.
 * Directories also get the owner's rwx back, so that the backend can always remove what a
 * sandboxed process left (a build may make its directories read-only).
 */
export async function setOwner(
  dir: string,
  owner: { uid: number; gid: number } | undefined,
  recursive: boolean,
): Promise<void> {
  const visit = async (file: string): Promise<void> => {
    const stat = await fs.lstat(file);
    if (owner) await fs.lchown(file, owner.uid, owner.gid);
    if (!stat.isDirectory()) return;
    // eslint-disable-next-line no-bitwise
    if ((stat.mode & 0o700) !== 0o700) await fs.chmod(file, stat.mode | 0o700);
    if (!recursive) return;
    for (const name of await fs.readdir(file)) {
      await visit(path.join(file, name));
    }
  };
  await visit(dir);
}
