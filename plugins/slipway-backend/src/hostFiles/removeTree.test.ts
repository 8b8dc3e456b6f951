import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectSlugs } from '../build/local/slugCollection';
import { removeTree } from './removeTree';

/**
 * Attack: a build or app makes a tree deeper than PATH_MAX (relative mkdir + cd, as a tenant can
 * in /app or /cache). Before the fix Node's fs.rm failed with ENAMETOOLONG and a host path: a
 * failed build left its tree, deleting the app answered 500 for good, and the slug collection
 * stopped at that entry every hour.
 */
function deepTree(parent: string, name: string): string {
  const top = path.join(parent, name);
  fs.mkdirSync(top);
  execFileSync(
    '/bin/bash',
    [
      '-c',
      'n=$(printf "a%.0s" $(seq 1 40)); for i in $(seq 1 130); do mkdir "$n" && cd "$n" || exit 1; done; echo deep > file',
    ],
    { cwd: top },
  );
  return top;
}

describe('removeTree', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-remove-'));
  });
  afterEach(async () => {
    await removeTree(dir);
  });

  it('removes a tree deeper than PATH_MAX, which fs.rm cannot', async () => {
    const top = deepTree(dir, 'cache');
    await expect(
      fs.promises.rm(top, { recursive: true, force: true }),
    ).rejects.toThrow(/ENAMETOOLONG/);
    await removeTree(top);
    expect(fs.existsSync(top)).toBe(false);
    await removeTree(top); // gone already: no error
  });

  it('names no host path when it fails', async () => {
    // A mount point inside the tree: rm does not cross into it, so the tree cannot go.
    const top = path.join(dir, 'mounted');
    fs.mkdirSync(path.join(top, 'mnt'), { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', 'none', path.join(top, 'mnt')]);
    try {
      const error = await removeTree(top).then(
        () => undefined,
        e => e as Error,
      );
      expect(error?.message).toMatch(/could not be removed/);
      expect(error?.message).not.toContain(dir);
    } finally {
      execFileSync('umount', [path.join(top, 'mnt')]);
    }
  });

  it('lets the slug collection remove every other entry when one cannot go', async () => {
    const slugs = path.join(dir, 'slugs');
    fs.mkdirSync(slugs);
    deepTree(slugs, '.staging-0123456789abcdef');
    const unused = 'a'.repeat(64);
    fs.mkdirSync(path.join(slugs, unused));
    // A mount point inside a tree makes rm --one-file-system fail: an entry that cannot go.
    const stuck = path.join(slugs, '.staging-ffff');
    fs.mkdirSync(path.join(stuck, 'mnt'), { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', 'none', path.join(stuck, 'mnt')]);
    try {
      const removed = await collectSlugs({
        dataDir: dir,
        referenced: new Set(),
      });
      expect(removed).toEqual([unused]);
      expect(
        fs.readdirSync(slugs).filter(n => !n.startsWith('.removing-')),
      ).toEqual([]);
      expect(fs.readdirSync(slugs)).toHaveLength(1);
    } finally {
      const left = fs.readdirSync(slugs)[0];
      execFileSync('umount', [path.join(slugs, left, 'mnt')]);
    }
  });
});
