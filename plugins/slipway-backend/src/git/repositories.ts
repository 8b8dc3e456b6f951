import fs from 'node:fs/promises';
import path from 'node:path';
import { appNameProblem } from '@slipway/plugin-slipway-common';
import { InputError } from '@backstage/errors';
import { git } from './git';
import { removeTree } from '../hostFiles/removeTree';

/** The apps' bare git repositories, `<dataDir>/repos/<app>.git`. */
export class GitRepositories {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'repos');
  }

  /** The repository directory of a valid app name (the name check keeps it inside `root`). */
  path(app: string): string {
    const problem = appNameProblem(app);
    if (problem) throw new InputError(problem);
    return path.join(this.root, `${app}.git`);
  }

  /** Creates the app's repository unless it exists; `main` is its default branch. */
  async ensureRepository(app: string): Promise<string> {
    const dir = this.path(app);
    try {
      await fs.access(path.join(dir, 'HEAD'));
      return dir;
    } catch {
      // Not there yet.
    }
    await fs.mkdir(this.root, { recursive: true });
    // Built next to its final place and renamed: a concurrent request never sees half a repository.
    const staging = await fs.mkdtemp(path.join(this.root, `.${app}-`));
    try {
      await git([
        'init',
        '--quiet',
        '--bare',
        '--initial-branch=main',
        staging,
      ]);
      await fs.rename(staging, dir);
    } catch (error) {
      await fs.rm(staging, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
    return dir;
  }

  /** Deletes the app's repository (pushed code is gone for good). */
  async removeRepository(app: string): Promise<void> {
    await removeTree(this.path(app));
  }
}
