import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  checkSourceTree,
  DEFAULT_SOURCE_LIMITS,
  tooDeep,
  tooManyBytes,
  tooManyEntries,
  type SourceLimits,
} from '../build/source';
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

/**
 * Sums what the commit's tree would check out to, from git's object headers alone (`git ls-tree
 * -r -l`: cheap and exact, nothing is inflated or written), and refuses a tree over the limits:
 * a 1 MB pack of zeros would check out as 1 GB. The listing is read as it comes and stopped at
 * the first limit passed.
 */
export function checkTreeSize(
  sha: string,
  gitEnv: NodeJS.ProcessEnv,
  limits: SourceLimits,
): Promise<{ bytes: number; entries: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'git',
      ['ls-tree', '-r', '-l', '-z', '--full-tree', sha],
      {
        env: gitEnvironment(gitEnv),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let bytes = 0;
    let entries = 0;
    const directories = new Set<string>();
    let rest = '';
    let errors = '';
    let refused: Error | undefined;
    const refuse = (error: Error) => {
      refused ??= error;
      child.kill('SIGKILL');
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (refused) return;
      const records = (rest + chunk).split('\0');
      rest = records.pop()!;
      if (rest.length > 64 * 1024)
        refuse(new Error('git ls-tree: a path is too long'));
      for (const record of records) {
        // `<mode> <type> <object> <size>\t<path>`; the size is `-` for submodules.
        const tab = record.indexOf('\t');
        const size = Number(record.slice(0, tab).trim().split(/\s+/)[3]);
        const file = record.slice(tab + 1);
        entries += 1 + newDirectories(directories, file);
        if (Number.isFinite(size)) bytes += size;
        const problem =
          (bytes > limits.maxBytes && tooManyBytes(limits)) ||
          (entries > limits.maxEntries && tooManyEntries(limits)) ||
          (file.split('/').length - 1 > limits.maxDepth &&
            tooDeep(limits, file));
        if (problem) {
          refuse(problem);
          break;
        }
      }
    });
    child.stderr.on('data', d => {
      errors = (errors + d).slice(-4096);
    });
    child.on('error', reject);
    child.on('close', code => {
      if (refused) reject(refused);
      else if (code !== 0)
        reject(
          new Error(
            `could not list ${sha.slice(0, 7)} (git ls-tree): ${errors.trim()}`,
          ),
        );
      else resolve({ bytes, entries });
    });
  });
}

/** Adds the directories of `file` not seen before (at most maxEntries of them are kept); returns how many. */
function newDirectories(seen: Set<string>, file: string): number {
  let added = 0;
  for (
    let slash = file.lastIndexOf('/');
    slash > 0;
    slash = file.lastIndexOf('/', slash - 1)
  ) {
    const dir = file.slice(0, slash);
    if (seen.has(dir)) break;
    seen.add(dir);
    added++;
  }
  return added;
}

/**
 * Writes the tree of commit `sha` into `target` (`git archive | tar -x`, no shell), refusing a tree
 * over `limits` before anything is written. Attributes that transform content are off (see
 * NEUTRAL_ATTRIBUTES); the archive still passes through here counted, and writing stops at the
 * limit plus tar's own headers. Then the written tree is measured as the builders see it. The
 * caller removes `target` on failure.
 */
export async function checkoutCommit(
  sha: string,
  target: string,
  gitEnv: NodeJS.ProcessEnv,
  limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
): Promise<void> {
  const listed = await checkTreeSize(sha, gitEnv, limits);
  if (gitEnv.GIT_DIR) await neutraliseAttributes(gitEnv.GIT_DIR);
  // Each entry costs a 512-byte header, padding and perhaps a long-name record.
  const maxArchiveBytes = limits.maxBytes + (listed.entries + 16) * 2048;
  await extract(sha, target, gitEnv, maxArchiveBytes, limits);
  await checkSourceTree(target, limits);
}

/**
 * Attributes that make `git archive` transform content, overridden for every path. git converts a
 * whole blob in memory before writing it, so a pushed `.gitattributes` could multiply what git
 * holds on the host (as root, outside any cgroup) far past the blob: `working-tree-encoding=UTF-32LE`
 * x4, `eol=crlf` x2 on newlines, `export-subst` by the commit message per placeholder. The byte cap
 * on the archive only applies after that. `$GIT_DIR/info/attributes` takes precedence over the
 * tree's own; with these off git streams or copies each blob as pushed, so it holds at most about
 * the largest blob (within `maxSourceBytes`). Builds get the files exactly as pushed.
 */
const NEUTRAL_ATTRIBUTES =
  '* -text -eol -crlf -working-tree-encoding -filter -ident -export-subst\n';

async function neutraliseAttributes(gitDir: string): Promise<void> {
  const file = path.join(gitDir, 'info', 'attributes');
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === NEUTRAL_ATTRIBUTES) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Renamed into place: a concurrent checkout never reads half a file.
  const staging = `${file}.${process.pid}.${Date.now()}`;
  await fs.writeFile(staging, NEUTRAL_ATTRIBUTES);
  await fs.rename(staging, file);
}

function extract(
  sha: string,
  target: string,
  gitEnv: NodeJS.ProcessEnv,
  maxArchiveBytes: number,
  limits: SourceLimits,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', sha], {
      env: gitEnvironment(gitEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', target], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let written = 0;
    let refused: Error | undefined;
    archive.stdout.on('data', (chunk: Buffer) => {
      written += chunk.length;
      if (written > maxArchiveBytes && !refused) {
        refused = tooManyBytes(limits);
        archive.kill('SIGKILL');
        tar.kill('SIGKILL');
      }
    });
    archive.stdout.pipe(tar.stdin);
    tar.stdin.on('error', () => undefined); // tar killed: the archive's end has nowhere to go
    let errors = '';
    archive.stderr.on('data', d => (errors = (errors + d).slice(-4096)));
    tar.stderr.on('data', d => (errors = (errors + d).slice(-4096)));
    let pending = 2;
    let failed = false;
    const done = (what: string) => (code: number | null) => {
      if (refused && !failed) {
        failed = true;
        reject(refused);
      }
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
