import path from 'node:path';
import { removeTreeDirectory } from '../source';
import {
  buildStep,
  fileExists,
  writeProfileScript,
  type AppKind,
  type BuildContext,
} from './context';
import { makeRelocatable, VENV } from './relocateVenv';
import { StepFailedError } from './run';

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
    await removeTreeDirectory(dir, VENV);
    await step(context, 'python3 -m venv', 'python3', ['-m', 'venv', VENV]);
    await step(context, 'pip install', path.join(VENV, 'bin', 'python'), [
      '-m',
      'pip',
      'install',
      '--no-compile',
      '--requirement',
      'requirements.txt',
    ]);
    await makeRelocatable(dir, path.posix.join(context.paths.app, VENV));
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
