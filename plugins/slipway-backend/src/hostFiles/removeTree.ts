import { spawn } from 'node:child_process';
import path from 'node:path';

/** GNU rm by absolute path: it walks with openat, so a tree of any depth goes (Node's fs.rm fails past PATH_MAX). */
const RM = '/usr/bin/rm';

/**
 * Removes a directory tree that a tenant may have shaped (build trees, caches, HOME, logs): trees
 * deeper than PATH_MAX, which Node's `fs.rm` cannot remove, included. Does not cross into other
 * file systems. A missing tree is not an error. The error names no host path, since build errors
 * reach the build log.
 */
export async function removeTree(dir: string): Promise<void> {
  const problem = await new Promise<string | undefined>(resolve => {
    const rm = spawn(
      RM,
      ['-rf', '--one-file-system', '--', path.resolve(dir)],
      {
        env: { LC_ALL: 'C' },
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
    rm.on('error', error => resolve(error.message));
    rm.on('close', (code, signal) =>
      resolve(
        code === 0 ? undefined : `rm ended with ${signal ?? `code ${code}`}`,
      ),
    );
  });
  if (problem) {
    throw new Error(`A directory tree could not be removed (${problem})`);
  }
}
