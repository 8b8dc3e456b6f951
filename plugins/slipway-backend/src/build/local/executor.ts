import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Procfile } from '@slipway/plugin-slipway-common';
import type {
  BuildExecutor,
  BuildOutcome,
  BuildRequest,
} from '@slipway/plugin-slipway-node';
import type { BuildExecutorFactory } from '../../platform/types';
import {
  chooseSandbox,
  readSandboxSettings,
  SANDBOXED_PATH,
  type Sandbox,
} from '../../sandbox';
import {
  checkSourceTree,
  readSourceFile,
  readSourceLimits,
  DEFAULT_SOURCE_LIMITS,
  type SourceLimits,
} from '../source';
import { readLocalBuilderSettings, type LocalBuilderSettings } from './config';
import type { AppKind, BuildContext } from './context';
import { nodeApp } from './node';
import { MAX_PROCFILE_BYTES, parseProcfile } from './procfile';
import { pythonApp } from './python';
import { createStagingDirectory, storeSlug } from './slug';
import { staticSite } from './staticSite';
import { hideHostPaths } from '../../hostFiles/hostPaths';
import { removeTree } from '../../hostFiles/removeTree';

/** Kinds that install something; several may apply (a Python app with a package.json for its assets). */
const LANGUAGES: AppKind[] = [nodeApp, pythonApp];

/**
 * Environment variables of the backend that builds may see. Everything else (database passwords,
 * the encryption key, ...) stays in the backend: builds run the app's own scripts.
 */
const PASSED_ENV = [
  'LANG',
  'LC_ALL',
  'TZ',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
];

/**
 * The `local` build executor: builds pushed source on this machine into a content-addressed slug
 * under `<dataDir>/slugs/<sha256>/`, which the local runtime runs. Every build step (npm, pip, the
 * app's own scripts) runs in the sandbox, with the build directory (seen as `/app`, where the
 * slug will run), a fresh HOME and the app's own build cache as its only writable places.
 */
export class LocalBuildExecutor implements BuildExecutor {
  constructor(
    private readonly settings: LocalBuilderSettings,
    private readonly dataDir: string,
    private readonly logger: LoggerService,
    private readonly sandbox: Sandbox,
    private readonly sourceLimits: SourceLimits = DEFAULT_SOURCE_LIMITS,
  ) {}

  get maxBuildMs(): number {
    return this.settings.timeoutMs;
  }

  async build(request: BuildRequest): Promise<BuildOutcome> {
    const { log } = request;
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const signal = request.signal
      ? AbortSignal.any([request.signal, timeout])
      : timeout;
    const staging = await createStagingDirectory(this.dataDir);
    const home = await fs.mkdtemp(
      path.join(os.tmpdir(), 'slipway-build-home-'),
    );
    // Per app: one app's build cannot plant packages in another's cache.
    const cache = path.join(this.dataDir, 'cache', request.app);
    try {
      // Bounded work on hostile input: a tree over the limits is refused before it is copied.
      await checkSourceTree(request.sourceDir, this.sourceLimits);
      await copySource(request.sourceDir, staging);
      await fs.mkdir(cache, { recursive: true });
      await this.sandbox.grantWritable(staging, true);
      await this.sandbox.grantWritable(home);
      await this.sandbox.grantWritable(cache);
      // HOME is each step's own size-capped tmpfs in the sandbox (`home` only without one).
      const dirs = {
        app: staging,
        appWritable: true,
        home,
        privateHome: true,
        tmp: home,
        cache,
      };
      const procfile = await this.buildTree(request.app, dirs, log, signal);
      signal.throwIfAborted();
      await this.sandbox.reclaim(staging);
      const hash = await storeSlug(this.dataDir, staging);
      log(
        `-----> Slug ${hash.slice(0, 12)} with process types: ${Object.keys(
          procfile,
        ).join(', ')}\n`,
      );
      this.logger.info(
        `Built ${request.app} ${request.sha.slice(0, 7)} into slug ${hash}`,
      );
      return { image: `slug:${hash}`, procfile };
    } catch (error) {
      await this.sandbox.reclaim(staging).catch(() => undefined);
      await removeTree(staging);
      if (timeout.aborted) {
        throw new Error(
          `the build took longer than ${Math.round(
            this.settings.timeoutMs / 1000,
          )} seconds and was stopped`,
        );
      }
      if (signal.aborted) throw new Error('the build was cancelled');
      throw hideHostPaths(error, [
        { host: staging, shown: '/app' },
        { host: cache, shown: '/cache' },
        { host: home, shown: '$HOME' },
        { host: path.resolve(this.dataDir), shown: '<data>' },
      ]);
    } finally {
      await this.sandbox.reclaim(home).catch(() => undefined);
      await removeTree(home);
    }
  }

  /** Installs and builds in `dirs.app`; returns the process types (the Procfile's, or the kind's defaults). */
  private async buildTree(
    app: string,
    dirs: BuildContext['dirs'],
    log: BuildContext['log'],
    signal: AbortSignal,
  ): Promise<Procfile> {
    const dir = dirs.app;
    const seen = this.sandbox.paths(dirs);
    const paths = { ...seen, cache: seen.cache ?? dirs.cache };
    const declared = await readProcfile(dir);
    const languages = [];
    for (const kind of LANGUAGES) {
      if (await kind.detect(dir)) languages.push(kind);
    }
    const kinds =
      languages.length === 0 && !declared && (await staticSite.detect(dir))
        ? [staticSite]
        : languages;
    if (kinds.length === 0 && !declared) {
      throw new Error(
        'could not tell how to build this app: add a Procfile, a package.json (Node.js), a requirements.txt (Python) or an index.html (static site)',
      );
    }

    const env: NodeJS.ProcessEnv = { HOME: paths.home, TMPDIR: paths.tmp };
    for (const name of PASSED_ENV) {
      if (process.env[name] !== undefined) env[name] = process.env[name];
    }
    // Fixed, with the node that runs Slipway (it runs npm and the app's scripts); never the backend's.
    env.PATH = SANDBOXED_PATH;

    const defaults: Procfile = {};
    for (const kind of kinds) {
      log(`-----> ${kind.name} app detected\n`);
      const context: BuildContext = {
        app,
        dir,
        dirs,
        paths,
        env,
        settings: this.settings,
        log,
        signal,
        sandbox: this.sandbox,
      };
      const built = await kind.build(context);
      // The first kind's default wins (a Node.js + Python app starts with `npm start`).
      for (const [type, command] of Object.entries(built))
        defaults[type] ??= command;
    }
    if (kinds.length === 0)
      log('-----> Procfile app detected (no build step)\n');

    const procfile = declared ?? defaults;
    if (Object.keys(procfile).length === 0) {
      throw new Error(
        `nothing to start: ${kinds.map(kind => kind.howToStart).join('; or ')}`,
      );
    }
    return procfile;
  }
}

/** The Procfile of the tree, read the one guarded way (a regular file of the tree, bounded). */
async function readProcfile(dir: string): Promise<Procfile | undefined> {
  const content = await readSourceFile(dir, 'Procfile', {
    maxBytes: MAX_PROCFILE_BYTES,
  });
  return content === undefined
    ? undefined
    : parseProcfile(content.toString('utf8'));
}

/** Copies the source (never following symlinks, which stay links) without a `.git` directory. */
async function copySource(sourceDir: string, target: string) {
  const gitDir = path.join(path.resolve(sourceDir), '.git');
  await fs.cp(sourceDir, target, {
    recursive: true,
    verbatimSymlinks: true,
    filter: source => path.resolve(source) !== gitDir,
  });
}

export const createLocalBuildExecutor: BuildExecutorFactory = deps =>
  new LocalBuildExecutor(
    readLocalBuilderSettings(deps.config),
    path.resolve(deps.dataDir),
    deps.logger,
    chooseSandbox(readSandboxSettings(deps.config), deps.logger),
    readSourceLimits(deps.config),
  );
