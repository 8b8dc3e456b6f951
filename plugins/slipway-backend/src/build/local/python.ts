import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  buildStep,
  fileExists,
  writeProfileScript,
  type AppKind,
  type BuildContext,
} from './context';
import { StepFailedError } from './run';

const VENV = '.venv';

/**
 * Python apps (a requirements.txt): a virtualenv in `.venv` with the requirements installed.
 * Python has no conventional start command, so the Procfile says how to start the app.
 */
export const pythonApp: AppKind = {
  name: 'Python',
  detect: dir => fileExists(dir, 'requirements.txt'),
  howToStart:
    'Python apps need a Procfile that says how to start them, such as "web: python app.py"',
  async build(context) {
    const { dir } = context;
    await fs.rm(path.join(dir, VENV), { recursive: true, force: true });
    await step(context, 'python3 -m venv', 'python3', ['-m', 'venv', VENV]);
    await step(context, 'pip install', path.join(VENV, 'bin', 'python'), [
      '-m',
      'pip',
      'install',
      '--no-compile',
      '--requirement',
      'requirements.txt',
    ]);
    await makeRelocatable(
      path.join(dir, VENV),
      path.posix.join(context.paths.app, VENV),
    );
    await writeProfileScript(
      dir,
      'python.sh',
      `export VIRTUAL_ENV="$PWD/${VENV}"\nexport PATH="$VIRTUAL_ENV/bin:$PATH"\n`,
    );
    return {};
  },
};

async function step(
  context: BuildContext,
  label: string,
  command: string,
  args: string[],
) {
  context.log(`-----> ${label}\n`);
  const env: NodeJS.ProcessEnv = {
    ...context.env,
    PIP_CACHE_DIR: path.posix.join(context.paths.cache, 'pip'),
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (context.settings.pipIndexUrl)
    env.PIP_INDEX_URL = context.settings.pipIndexUrl;
  try {
    await buildStep(context, { label, command, args, env });
  } catch (error) {
    const unreachable =
      error instanceof StepFailedError && networkFailure(error.output);
    if (unreachable) {
      const index = context.settings.pipIndexUrl ?? 'https://pypi.org/simple';
      throw new Error(
        `could not reach the Python package index (${index}): ${unreachable}`,
      );
    }
    throw error;
  }
}

function networkFailure(output: string): string | undefined {
  return /[^\n]*(NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution|Name or service not known|Connection refused|Network is unreachable|ProxyError|ConnectTimeoutError)[^\n]*/
    .exec(output)?.[0]
    .trim();
}

/**
 * A virtualenv records its own absolute path (script shebangs, activate scripts, pyvenv.cfg,
 * bytecode). The slug is built in a staging directory (unsandboxed) or at `/app` (sandboxed) and
 * then renamed to its hash, so those paths would be wrong — and would make the hash depend on
 * where it was built. Scripts are rewritten to find the interpreter next to themselves; the rest
 * is dropped (bytecode is recreated on demand). `venv` is the backend's path, `builtAt` the
 * path the build steps saw.
 */
async function makeRelocatable(venv: string, builtAt: string) {
  const bin = path.join(venv, 'bin');
  const python = `${escapeRegExp(
    path.posix.join(builtAt, 'bin'),
  )}/python[0-9.]*`;
  // pip writes `#!<venv>/bin/python`, or (for long paths) the trampoline below with the absolute path.
  const rewritten = new Set<string>();
  const absolutePython = new RegExp(
    `^(#!${python}[ \\t]*\\n|#!/bin/sh\\n'''exec' "${python}" "\\$0" "\\$@"\\n' '''\\n)`,
  );
  for (const name of await fs.readdir(bin)) {
    const file = path.join(bin, name);
    if (/^activate/i.test(name)) {
      await fs.rm(file);
      continue;
    }
    const stat = await fs.lstat(file);
    if (!stat.isFile()) continue;
    const text = await fs.readFile(file, 'utf8');
    if (absolutePython.test(text)) {
      // The shell runs the second line; Python reads lines 2-3 as a string literal (distlib's trick).
      const trampoline = `#!/bin/sh\n'''exec' "$(dirname -- "$0")/python" "$0" "$@"\n' '''\n`;
      await fs.writeFile(file, text.replace(absolutePython, trampoline));
      rewritten.add(file);
    }
  }
  await updateRecords(venv, rewritten);
  const cfg = path.join(venv, 'pyvenv.cfg');
  const settings = await fs.readFile(cfg, 'utf8');
  await fs.writeFile(
    cfg,
    settings
      .split('\n')
      .filter(line => !line.startsWith('command ='))
      .join('\n'),
  );
  await removeBytecode(venv);
}

/** Installed packages list their files' hashes in `RECORD`; the rewritten scripts get their new ones. */
async function updateRecords(venv: string, rewritten: Set<string>) {
  const lib = path.join(venv, 'lib');
  for (const python of await fs.readdir(lib)) {
    const sitePackages = path.join(lib, python, 'site-packages');
    const entries = await fs.readdir(sitePackages).catch(() => [] as string[]);
    for (const distInfo of entries.filter(name =>
      name.endsWith('.dist-info'),
    )) {
      const record = path.join(sitePackages, distInfo, 'RECORD');
      const lines = (await fs.readFile(record, 'utf8').catch(() => '')).split(
        '\n',
      );
      let changed = false;
      for (const [index, line] of lines.entries()) {
        const file = path.resolve(sitePackages, line.split(',')[0]);
        if (!rewritten.has(file)) continue;
        const content = await fs.readFile(file);
        const hash = createHash('sha256').update(content).digest('base64url');
        lines[index] = `${line.split(',')[0]},sha256=${hash},${content.length}`;
        changed = true;
      }
      if (changed) await fs.writeFile(record, lines.join('\n'));
    }
  }
}

async function removeBytecode(dir: string) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '__pycache__') await fs.rm(file, { recursive: true });
      else await removeBytecode(file);
    }
  }
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
