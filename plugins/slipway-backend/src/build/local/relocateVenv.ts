import path from 'node:path';
import {
  hashFile,
  listTreeDirectory,
  readSourceFile,
  removeTreeDirectory,
  writeTreeFile,
} from '../source';

/** The virtualenv of a Python build, in the build directory. */
export const VENV = '.venv';
/** Scripts and RECORD files are small; a larger one is refused rather than read. */
const MAX_SCRIPT_BYTES = 16 * 1024 * 1024;
const MAX_VENV_DEPTH = 64;

/**
 * A virtualenv records its own absolute path (script shebangs, activate scripts, pyvenv.cfg,
 * bytecode). The slug is built in a staging directory (unsandboxed) or at `/app` (sandboxed) and
 * then renamed to its hash, so those paths would be wrong — and would make the hash depend on
 * where it was built. Scripts are rewritten to find the interpreter next to themselves; the rest
 * is dropped (bytecode is recreated on demand). `root` is the build directory (the backend's
 * path), `builtAt` the virtualenv's path as the build steps saw it.
 *
 * pip ran the app's code before this: every entry is read and written the guarded way (no link
 * followed anywhere, bounded reads), so a `.venv/bin` or `RECORD` planted as a link to a host
 * file changes nothing outside the tree.
 */
export async function makeRelocatable(root: string, builtAt: string) {
  const bin = `${VENV}/bin`;
  const python = `${escapeRegExp(
    path.posix.join(builtAt, 'bin'),
  )}/python[0-9.]*`;
  // pip writes `#!<venv>/bin/python`, or (for long paths) the trampoline below with the absolute path.
  const rewritten = new Set<string>();
  const absolutePython = new RegExp(
    `^(#!${python}[ \\t]*\\n|#!/bin/sh\\n'''exec' "${python}" "\\$0" "\\$@"\\n' '''\\n)`,
  );
  for (const entry of (await listTreeDirectory(root, bin)) ?? []) {
    const file = `${bin}/${entry.name}`;
    if (/^activate/i.test(entry.name)) {
      await removeTreeDirectory(root, file);
      continue;
    }
    if (!entry.isFile()) continue;
    // The shebang is at the start: only the head of a (possibly large, binary) file is read first.
    const head = await readSourceFile(root, file, {
      maxBytes: 4096,
      head: true,
    });
    if (!head || !absolutePython.test(head.toString('latin1'))) continue;
    const text = (await readSourceFile(root, file, {
      maxBytes: MAX_SCRIPT_BYTES,
    }))!.toString('utf8');
    // The shell runs the second line; Python reads lines 2-3 as a string literal (distlib's trick).
    const trampoline = `#!/bin/sh\n'''exec' "$(dirname -- "$0")/python" "$0" "$@"\n' '''\n`;
    await writeTreeFile(
      root,
      file,
      text.replace(absolutePython, trampoline),
      0o755,
    );
    rewritten.add(file);
  }
  await updateRecords(root, rewritten);
  const cfg = `${VENV}/pyvenv.cfg`;
  const settings = await readSourceFile(root, cfg);
  if (settings) {
    await writeTreeFile(
      root,
      cfg,
      settings
        .toString('utf8')
        .split('\n')
        .filter(line => !line.startsWith('command ='))
        .join('\n'),
    );
  }
  await removeBytecode(root, VENV, 0);
}

/** Installed packages list their files' hashes in `RECORD`; the rewritten scripts get their new ones. */
async function updateRecords(root: string, rewritten: Set<string>) {
  if (rewritten.size === 0) return;
  const lib = `${VENV}/lib`;
  for (const python of (await listTreeDirectory(root, lib)) ?? []) {
    if (!python.isDirectory()) continue;
    const sitePackages = `${lib}/${python.name}/site-packages`;
    const entries = (await listTreeDirectory(root, sitePackages)) ?? [];
    for (const distInfo of entries.filter(
      entry => entry.isDirectory() && entry.name.endsWith('.dist-info'),
    )) {
      const record = `${sitePackages}/${distInfo.name}/RECORD`;
      const content = await readSourceFile(root, record, {
        maxBytes: MAX_SCRIPT_BYTES,
      });
      if (!content) continue;
      const lines = content.toString('utf8').split('\n');
      let changed = false;
      for (const [index, line] of lines.entries()) {
        const file = path.posix.normalize(
          path.posix.join(sitePackages, line.split(',')[0]),
        );
        if (!rewritten.has(file)) continue;
        const { digest, bytes } = await hashFile(
          path.join(root, file),
          'base64url',
        );
        lines[index] = `${line.split(',')[0]},sha256=${digest},${bytes}`;
        changed = true;
      }
      if (changed) await writeTreeFile(root, record, lines.join('\n'));
    }
  }
}

async function removeBytecode(root: string, dir: string, depth: number) {
  if (depth > MAX_VENV_DEPTH) return;
  for (const entry of (await listTreeDirectory(root, dir)) ?? []) {
    if (!entry.isDirectory()) continue;
    const child = `${dir}/${entry.name}`;
    if (entry.name === '__pycache__') await removeTreeDirectory(root, child);
    else await removeBytecode(root, child, depth + 1);
  }
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
