import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { gitEnvironment } from './git';

/**
 * The objects of a push in progress live in a quarantine directory inside the repository until
 * git updates the refs. Returns the environment that lets git read them, after checking that the
 * directory the hook named really is one of this repository's quarantines.
 */
export async function quarantineEnvironment(
  repoDir: string,
  quarantine: string | undefined,
): Promise<NodeJS.ProcessEnv> {
  const objects = await fs.realpath(path.join(repoDir, 'objects'));
  if (!quarantine) return { GIT_DIR: repoDir };
  const resolved = await fs.realpath(quarantine);
  if (
    path.dirname(resolved) !== objects ||
    !path.basename(resolved).startsWith('tmp_objdir-incoming-')
  ) {
    throw new Error(
      'the pushed objects are not where git keeps incoming objects',
    );
  }
  return {
    GIT_DIR: repoDir,
    GIT_OBJECT_DIRECTORY: resolved,
    GIT_ALTERNATE_OBJECT_DIRECTORIES: objects,
  };
}

/** Writes the tree of commit `sha` into `target` (`git archive | tar -x`, no shell). */
export function checkoutCommit(
  sha: string,
  target: string,
  gitEnv: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', sha], {
      env: gitEnvironment(gitEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', target], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    archive.stdout.pipe(tar.stdin);
    let errors = '';
    archive.stderr.on('data', d => (errors += d));
    tar.stderr.on('data', d => (errors += d));
    let pending = 2;
    let failed = false;
    const done = (what: string) => (code: number | null) => {
      if (code !== 0 && !failed) {
        failed = true;
        reject(
          new Error(
            `could not check out ${sha.slice(
              0,
              7,
            )} (${what}): ${errors.trim()}`,
          ),
        );
      }
      if (--pending === 0 && !failed) resolve();
    };
    archive.on('error', reject);
    tar.on('error', reject);
    archive.on('close', done('git archive'));
    tar.on('close', done('tar'));
  });
}
