import path from 'node:path';
import type { Procfile } from '@slipway/plugin-slipway-common';
import { readSourceFile } from '../source';
import {
  buildStep,
  fileExists,
  writeProfileScript,
  type AppKind,
  type BuildContext,
} from './context';
import { StepFailedError } from './run';

const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

type PackageJson = { scripts?: Record<string, unknown> };

/**
 * Node apps (a package.json): `npm ci` with a lockfile, `npm install` without, then `npm run build`
 * when there is a build script. The web process defaults to `npm start`.
 */
export const nodeApp: AppKind = {
  name: 'Node.js',
  detect: dir => fileExists(dir, 'package.json'),
  howToStart:
    'add a "start" script to package.json, a server.js, or a Procfile such as "web: node index.js"',
  async build(context) {
    const { dir } = context;
    const pkg = await readPackageJson(dir);
    const locked =
      (await fileExists(dir, 'package-lock.json')) ||
      (await fileExists(dir, 'npm-shrinkwrap.json'));
    await npm(context, [locked ? 'ci' : 'install', '--no-audit', '--no-fund']);
    if (typeof pkg.scripts?.build === 'string') {
      await npm(context, ['run', 'build']);
    }
    await writeProfileScript(
      dir,
      'nodejs.sh',
      'export PATH="$PWD/node_modules/.bin:$PATH"\n',
    );

    const procfile: Procfile = {};
    // Without a start script `npm start` runs `node server.js`; with neither there is nothing to start.
    if (
      typeof pkg.scripts?.start === 'string' ||
      (await fileExists(dir, 'server.js'))
    ) {
      procfile.web = 'npm start';
    }
    return procfile;
  },
};

async function readPackageJson(dir: string): Promise<PackageJson> {
  const content = await readSourceFile(dir, 'package.json');
  if (content === undefined) throw new Error('package.json is missing');
  const text = content.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the problem: only the place is told.
    throw new Error(
      `package.json is not valid JSON${jsonErrorPlace(
        text,
        (error as Error).message,
      )}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('package.json is not valid: not an object');
  }
  return parsed as PackageJson;
}

function jsonErrorPlace(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1])).split('\n');
  return ` (line ${before.length}, column ${
    before[before.length - 1].length + 1
  })`;
}

async function npm(context: BuildContext, args: string[]) {
  const { settings } = context;
  const label = `npm ${
    args[0] === 'run' ? args.slice(0, 2).join(' ') : args[0]
  }`;
  context.log(`-----> ${label}\n`);
  const env: NodeJS.ProcessEnv = {
    ...context.env,
    npm_config_cache: path.posix.join(context.paths.cache, 'npm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // No machine-wide npm settings (they may hold registry credentials); the sandbox hides the file too.
    npm_config_globalconfig: '/dev/null',
  };
  for (const [name, value] of Object.entries(settings.npmConfig)) {
    env[`npm_config_${name.replace(/-/g, '_')}`] = value;
  }
  if (settings.npmRegistry) env.npm_config_registry = settings.npmRegistry;
  try {
    await buildStep(context, { label, command: 'npm', args, env });
  } catch (error) {
    const unreachable =
      error instanceof StepFailedError && networkFailure(error.output);
    if (unreachable) {
      const registry = settings.npmRegistry ?? DEFAULT_REGISTRY;
      throw new Error(
        `could not reach the npm registry (${registry}): ${unreachable}`,
      );
    }
    throw error;
  }
}

/** npm's explanation when it failed because the registry could not be reached. */
function networkFailure(output: string): string | undefined {
  const fetchError = /request to \S+ failed, reason: [^\n]*/.exec(output);
  if (fetchError) return fetchError[0].trim();
  const code =
    /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b[^\n]*/.exec(
      output,
    );
  return code?.[0].trim();
}
