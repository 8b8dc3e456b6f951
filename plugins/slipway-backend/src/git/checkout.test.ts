import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SourceTooLargeError } from '../build/source';
import { checkoutCommit, quarantineEnvironment } from './checkout';
import { git, gitEnvironment } from './git';

/*
 * Checking out a push with real git, bounded: a commit that would check out over the limits is
 * refused before its files are written (git's object headers tell the sizes), and attributes of
 * the pushed tree that would expand content are off.
 */

jest.setTimeout(60_000);

const limits = { maxBytes: 1024 * 1024, maxEntries: 50, maxDepth: 8 };

let root: string;
let work: string;
let target: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-checkout-test-'));
  work = path.join(root, 'work');
  target = path.join(root, 'target');
  await fs.mkdir(target);
  await git(['init', '-q', '-b', 'main', work]);
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const env = () => gitEnvironment({ GIT_DIR: path.join(work, '.git') });

/** Commits `files` (content, or a byte count of zeros); returns the commit. */
async function commit(
  files: Record<string, string | number>,
  message = 'change',
): Promise<string> {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(work, file)), { recursive: true });
    await fs.writeFile(
      path.join(work, file),
      typeof content === 'number' ? Buffer.alloc(content) : content,
    );
  }
  const options = { cwd: work, env: { ...env(), GIT_WORK_TREE: work } };
  await git(['add', '-A'], options);
  await git(
    [
      '-c',
      'user.name=Jane',
      '-c',
      'user.email=jane@example.com',
      'commit',
      '-q',
      '-m',
      message,
    ],
    options,
  );
  return (await git(['rev-parse', 'HEAD'], options)).trim();
}

async function checkout(sha: string) {
  const gitEnv = await quarantineEnvironment(
    path.join(work, '.git'),
    undefined,
  );
  return checkoutCommit(sha, target, gitEnv, limits);
}

describe('checkoutCommit', () => {
  it('checks out a commit within the limits', async () => {
    const sha = await commit({ Procfile: 'web: x\n', 'a/b/c.txt': 'c' });
    await checkout(sha);
    expect(await fs.readFile(path.join(target, 'a/b/c.txt'), 'utf8')).toBe('c');
  });

  it('refuses a tree of zeros over maxSourceBytes before writing any of it', async () => {
    // 2 MiB of zeros packs into a few KiB.
    const sha = await commit({ 'zeros.bin': 2 * 1024 * 1024, Procfile: 'x' });
    const error = await checkout(sha).catch(e => e);
    expect(error).toBeInstanceOf(SourceTooLargeError);
    expect(error.message).toBe(
      'the pushed source is too large: its files add up to more than the 1 MiB allowed (slipway.local.maxSourceBytes)',
    );
    expect(await fs.readdir(target)).toEqual([]);
  });

  it('refuses too many files and too deep a tree before writing', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 51; i++) files[`f${i}`] = String(i);
    const many = await commit(files);
    await expect(checkout(many)).rejects.toThrow(
      'the pushed source has more than 50 files and directories',
    );
    await git(['rm', '-q', '-r', '.'], {
      cwd: work,
      env: { ...env(), GIT_WORK_TREE: work },
    });
    const deep = await commit({ 'a/b/c/d/e/f/g/h/i/j': 'deep' });
    await expect(checkout(deep)).rejects.toThrow(
      /^the pushed source is nested more than 8 directories deep/,
    );
    expect(await fs.readdir(target)).toEqual([]);
  });

  it('checks out files as pushed: attributes that expand content in git archive have no effect', async () => {
    // Attack: a small push whose .gitattributes makes git, on the host, convert each blob in
    // memory to several times its size (UTF-32LE x4, eol=crlf x2 on newlines, export-subst the
    // commit message per placeholder: 80 MB here). Before the fix this tree was over the 1 MiB
    // limit only after git had converted it.
    const files = {
      'a.txt': 'a'.repeat(300_000),
      'newlines.crlf': '\n'.repeat(300_000),
      'bomb.sub': '$Format:%B$\n'.repeat(20_000),
    };
    await commit(files);
    // Added alone: git would refuse to re-add a.txt under its new encoding.
    await fs.writeFile(
      path.join(work, '.gitattributes'),
      '*.txt working-tree-encoding=UTF-32LE\n*.crlf eol=crlf text\n*.sub export-subst\n',
    );
    const options = { cwd: work, env: { ...env(), GIT_WORK_TREE: work } };
    await git(['add', '.gitattributes'], options);
    await git(
      [
        '-c',
        'user.name=Jane',
        '-c',
        'user.email=jane@example.com',
        'commit',
        '-q',
        '-m',
        'x'.repeat(4096),
      ],
      options,
    );
    const sha = (await git(['rev-parse', 'HEAD'], options)).trim();
    await checkout(sha);
    for (const [file, content] of Object.entries(files))
      expect(await fs.readFile(path.join(target, file), 'utf8')).toBe(content);
  });
});
