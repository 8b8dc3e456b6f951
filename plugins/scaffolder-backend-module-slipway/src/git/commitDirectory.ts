import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './runGit';

export type GitIdentity = { name: string; email: string };

/**
 * Makes `repo` a new git repository whose single commit on `main` holds the files of
 * `source` (without any `.git` folder in it). Returns the commit sha.
 */
export async function commitDirectory(options: {
  source: string;
  repo: string;
  author: GitIdentity;
  message: string;
}): Promise<string> {
  const { source, repo, author, message } = options;
  await fs.cp(source, repo, {
    recursive: true,
    verbatimSymlinks: true,
    filter: file => path.basename(file) !== '.git',
  });
  const identity = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  await runGit(['init', '--quiet', '--initial-branch=main'], { cwd: repo });
  await runGit(['add', '--all'], { cwd: repo });
  await runGit(['commit', '--quiet', '--no-verify', '--message', message], {
    cwd: repo,
    env: identity,
  });
  return (await runGit(['rev-parse', 'HEAD'], { cwd: repo })).trim();
}

/** Lists the files of `dir` (relative, sorted), leaving out `.git` folders. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(e => !e.isDirectory())
    .map(e =>
      path.relative(dir, path.join(e.parentPath ?? (e as any).path, e.name)),
    )
    .filter(file => !file.split(path.sep).includes('.git'))
    .sort();
}
