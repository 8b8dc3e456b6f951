import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { git, gitEnvironment } from './git';
import { GitRepositories } from './repositories';

describe('GitRepositories', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-repos-test-'));
  });

  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('creates a bare repository with main as its default branch, once', async () => {
    const repositories = new GitRepositories(dataDir);
    const dir = await repositories.ensureRepository('myapp');
    expect(dir).toBe(path.join(dataDir, 'repos', 'myapp.git'));
    const env = gitEnvironment({ GIT_DIR: dir });
    expect(
      (await git(['rev-parse', '--is-bare-repository'], { env })).trim(),
    ).toBe('true');
    expect((await git(['symbolic-ref', 'HEAD'], { env })).trim()).toBe(
      'refs/heads/main',
    );

    await fs.writeFile(path.join(dir, 'description'), 'kept');
    await Promise.all([
      repositories.ensureRepository('myapp'),
      repositories.ensureRepository('myapp'),
    ]);
    expect(await fs.readFile(path.join(dir, 'description'), 'utf8')).toBe(
      'kept',
    );
    expect(await fs.readdir(path.join(dataDir, 'repos'))).toEqual([
      'myapp.git',
    ]);
  });

  it('removes a repository', async () => {
    const repositories = new GitRepositories(dataDir);
    await repositories.ensureRepository('myapp');
    await repositories.ensureRepository('other');
    await repositories.removeRepository('myapp');
    expect(await fs.readdir(path.join(dataDir, 'repos'))).toEqual([
      'other.git',
    ]);
  });

  it('refuses names that are not app names, so no path leaves the data directory', async () => {
    const repositories = new GitRepositories(dataDir);
    for (const name of ['../escape', 'a/b', 'UPPER', '']) {
      await expect(repositories.ensureRepository(name)).rejects.toThrow(
        InputError,
      );
      await expect(repositories.removeRepository(name)).rejects.toThrow(
        InputError,
      );
    }
    expect(await fs.readdir(dataDir)).toEqual([]);
  });
});
