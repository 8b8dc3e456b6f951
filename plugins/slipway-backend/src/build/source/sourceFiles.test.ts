import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  checkSourceTree,
  DEFAULT_SOURCE_LIMITS,
  hasSourceEntry,
  hashFile,
  listTreeDirectory,
  readSourceFile,
  SourceFileError,
  SourceTooLargeError,
  writeTreeFile,
} from '.';

/*
 * The one way the backend reads and writes pushed files, attacked the way a pushed tree can: links
 * of every kind, a hard link, a FIFO, a huge sparse file. Each is refused with a message that names
 * the file and the problem and never holds the content of what it points to.
 */

const SECRET = `host-secret-${Math.random().toString(36).slice(2)}`;

let root: string;
let tree: string;
let outside: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-source-files-'));
  tree = path.join(root, 'tree');
  outside = path.join(root, 'outside');
  await fs.mkdir(tree);
  await fs.mkdir(outside);
  // A host file only the backend may read, as the encryption key is.
  await fs.writeFile(path.join(outside, 'key'), `web: ${SECRET}\n`, {
    mode: 0o600,
  });
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** The refusal of reading `relative`; fails the test when it is read. */
async function refusal(relative: string): Promise<string> {
  const error = await readSourceFile(tree, relative).then(
    content => {
      throw new Error(`read ${relative}: ${content?.toString()}`);
    },
    e => e as Error,
  );
  expect(error).toBeInstanceOf(SourceFileError);
  expect(error.message).not.toContain(SECRET);
  return error.message;
}

describe('readSourceFile', () => {
  it('reads a regular file of the tree, also in a directory, and nothing when it is missing', async () => {
    await fs.mkdir(path.join(tree, 'a/b'), { recursive: true });
    await fs.writeFile(path.join(tree, 'a/b/c.txt'), 'hello');
    await fs.writeFile(path.join(tree, 'Procfile'), 'web: x');
    expect((await readSourceFile(tree, 'a/b/c.txt'))?.toString()).toBe('hello');
    expect((await readSourceFile(tree, 'Procfile'))?.toString()).toBe('web: x');
    expect(await readSourceFile(tree, 'missing')).toBeUndefined();
    expect(await readSourceFile(tree, 'nope/missing')).toBeUndefined();
  });

  it('refuses an absolute symlink', async () => {
    await fs.symlink(path.join(outside, 'key'), path.join(tree, 'Procfile'));
    expect(await refusal('Procfile')).toBe(
      `"Procfile" is a symbolic link: the platform only uses real files and directories of the app's tree`,
    );
  });

  it('refuses a relative symlink, also one that stays inside the tree', async () => {
    await fs.symlink('../outside/key', path.join(tree, 'Procfile'));
    expect(await refusal('Procfile')).toMatch(/"Procfile" is a symbolic link/);
    await fs.writeFile(path.join(tree, 'real'), 'web: x');
    await fs.symlink('real', path.join(tree, 'package.json'));
    expect(await refusal('package.json')).toMatch(
      /"package.json" is a symbolic link/,
    );
  });

  it('refuses a directory symlink on the way', async () => {
    await fs.symlink(outside, path.join(tree, '.profile.d'));
    expect(await refusal('.profile.d/key')).toMatch(
      /^"\.profile\.d" is a symbolic link/,
    );
    await fs.mkdir(path.join(tree, 'a'));
    await fs.symlink('../../outside', path.join(tree, 'a/b'));
    expect(await refusal('a/b/key')).toMatch(/^"a\/b" is a symbolic link/);
  });

  it('refuses chained symlinks', async () => {
    await fs.symlink(path.join(outside, 'key'), path.join(tree, 'one'));
    await fs.symlink('one', path.join(tree, 'two'));
    await fs.symlink('two', path.join(tree, 'Procfile'));
    expect(await refusal('Procfile')).toMatch(/"Procfile" is a symbolic link/);
  });

  it('refuses a file with another hard link', async () => {
    await fs.link(path.join(outside, 'key'), path.join(tree, 'Procfile'));
    expect(await refusal('Procfile')).toMatch(
      /^"Procfile" has other hard links/,
    );
  });

  it('refuses a FIFO without opening it (opening one for reading would wait for a writer)', async () => {
    execFileSync('mkfifo', [path.join(tree, 'Procfile')]);
    expect(await refusal('Procfile')).toBe(
      '"Procfile" is a FIFO, not a regular file',
    );
  });

  it('refuses a directory, and a file where a directory is expected', async () => {
    await fs.mkdir(path.join(tree, 'Procfile'));
    expect(await refusal('Procfile')).toBe(
      '"Procfile" is a directory, not a regular file',
    );
    await fs.writeFile(path.join(tree, 'file'), 'x');
    expect(await refusal('file/inner')).toBe(
      '"file" is a regular file, not a directory',
    );
  });

  it('refuses a huge sparse file by its apparent size, without reading it', async () => {
    const handle = await fs.open(path.join(tree, 'package.json'), 'w');
    await handle.truncate(64 * 1024 * 1024 * 1024);
    await handle.close();
    expect(await refusal('package.json')).toBe(
      '"package.json" is larger than 1 MiB',
    );
    expect(
      (
        await readSourceFile(tree, 'package.json', {
          maxBytes: 4,
          head: true,
        })
      )?.length,
    ).toBe(4);
  });

  it('finds entries without following them', async () => {
    await fs.symlink(path.join(outside, 'key'), path.join(tree, 'server.js'));
    await fs.symlink(outside, path.join(tree, 'dir'));
    expect(await hasSourceEntry(tree, 'server.js')).toBe(true);
    // Whether a file exists outside the tree is not told through a directory link.
    expect(await hasSourceEntry(tree, 'dir/key')).toBe(false);
    expect(await listTreeDirectory(tree, 'dir').catch(e => e)).toBeInstanceOf(
      SourceFileError,
    );
  });
});

describe('writeTreeFile', () => {
  it('writes a file, creating its directories, and replaces an existing one', async () => {
    await writeTreeFile(tree, '.profile.d/nodejs.sh', 'one');
    await writeTreeFile(tree, '.profile.d/nodejs.sh', 'two');
    expect(
      await fs.readFile(path.join(tree, '.profile.d/nodejs.sh'), 'utf8'),
    ).toBe('two');
  });

  it('refuses a directory symlink on the way and creates nothing outside', async () => {
    await fs.symlink(outside, path.join(tree, '.profile.d'));
    await expect(
      writeTreeFile(tree, '.profile.d/nodejs.sh', 'export X=1'),
    ).rejects.toThrow(/^"\.profile\.d" is a symbolic link/);
    expect(await fs.readdir(outside)).toEqual(['key']);
  });

  it('replaces a file symlink instead of writing through it', async () => {
    await fs.mkdir(path.join(tree, '.profile.d'));
    await fs.symlink(
      path.join(outside, 'key'),
      path.join(tree, '.profile.d/nodejs.sh'),
    );
    await fs.symlink(
      path.join(outside, 'created-by-link'),
      path.join(tree, '.profile.d/python.sh'),
    );
    await writeTreeFile(tree, '.profile.d/nodejs.sh', 'export X=1');
    await writeTreeFile(tree, '.profile.d/python.sh', 'export Y=1');
    expect(await fs.readFile(path.join(outside, 'key'), 'utf8')).toBe(
      `web: ${SECRET}\n`,
    );
    expect(await fs.readdir(outside)).toEqual(['key']);
    const written = await fs.lstat(path.join(tree, '.profile.d/nodejs.sh'));
    expect(written.isFile()).toBe(true);
  });

  it('refuses to replace a directory', async () => {
    await fs.mkdir(path.join(tree, '.slipway/static-server.js'), {
      recursive: true,
    });
    await expect(
      writeTreeFile(tree, '.slipway/static-server.js', 'x'),
    ).rejects.toThrow(/is a directory, where the platform writes a file/);
  });
});

describe('checkSourceTree', () => {
  const limits = { maxBytes: 1024 * 1024, maxEntries: 10, maxDepth: 3 };

  it('measures a tree by its files’ apparent sizes (a sparse file in full)', async () => {
    await fs.writeFile(path.join(tree, 'a'), 'x'.repeat(1000));
    expect(await checkSourceTree(tree, limits)).toEqual({
      bytes: 1000,
      entries: 1,
    });
    const handle = await fs.open(path.join(tree, 'sparse'), 'w');
    await handle.truncate(2 * 1024 * 1024);
    await handle.close();
    await expect(checkSourceTree(tree, limits)).rejects.toThrow(
      'the pushed source is too large: its files add up to more than the 1 MiB allowed (slipway.local.maxSourceBytes)',
    );
  });

  it('counts links without following them', async () => {
    await fs.symlink('/', path.join(tree, 'root'));
    expect(await checkSourceTree(tree, DEFAULT_SOURCE_LIMITS)).toEqual({
      bytes: 0,
      entries: 1,
    });
  });

  it('refuses too many entries and too deep a tree', async () => {
    for (let i = 0; i < 11; i++)
      await fs.writeFile(path.join(tree, `f${i}`), '');
    await expect(checkSourceTree(tree, limits)).rejects.toBeInstanceOf(
      SourceTooLargeError,
    );
    await fs.rm(tree, { recursive: true });
    await fs.mkdir(path.join(tree, 'a/b/c/d'), { recursive: true });
    await expect(checkSourceTree(tree, limits)).rejects.toThrow(
      'the pushed source is nested more than 3 directories deep (at "a/b/c/d")',
    );
  });
});

describe('names in messages', () => {
  it('escapes control characters of pushed names (they would forge lines of the push output)', async () => {
    const name = 'x\n\u001b[2Kremote: Released v9';
    await fs.mkdir(path.join(tree, name, 'b/c/d'), { recursive: true });
    const error = await checkSourceTree(tree, {
      ...DEFAULT_SOURCE_LIMITS,
      maxDepth: 3,
    }).then(
      () => new Error('not refused'),
      e => e as Error,
    );
    expect(error.message).toBe(
      'the pushed source is nested more than 3 directories deep (at "x\\n\\u001b[2Kremote: Released v9/b/c/d")',
    );
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain('\u001b');
  });
});

describe('hashFile', () => {
  it('hashes a file as a stream and never follows a link', async () => {
    await fs.writeFile(path.join(tree, 'a'), 'abc');
    expect(await hashFile(path.join(tree, 'a'))).toEqual({
      digest:
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      bytes: 3,
    });
    await fs.symlink(path.join(outside, 'key'), path.join(tree, 'link'));
    await expect(hashFile(path.join(tree, 'link'))).rejects.toMatchObject({
      code: 'ELOOP',
    });
  });
});
