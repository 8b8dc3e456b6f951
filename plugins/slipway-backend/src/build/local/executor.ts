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
import { readLocalBuilderSettings, type LocalBuilderSettings } from './config';
import type { AppKind } from './context';
import { nodeApp } from './node';
import { parseProcfile } from './procfile';
import { pythonApp } from './python';
import { createStagingDirectory, storeSlug } from './slug';
import { staticSite } from './staticSite';

/** Kinds that install something; several may apply (a Python app with a package.json for its assets). */
const LANGUAGES: AppKind[] = [nodeApp, pythonApp];

/**
 * Environment variables of the backend that builds may see. Everything else (database passwords,
 * the encryption key, ...) stays in the backend: builds run the app's own scripts.
 */
const PASSED_ENV = [
  'PATH',
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
 * under `<dataDir>/slugs/<sha256>/`, which the local runtime runs.
 */
export class LocalBuildExecutor implements BuildExecutor {
  constructor(
    private readonly settings: LocalBuilderSettings,
    private readonly dataDir: string,
    private readonly logger: LoggerService,
  ) {}

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
    try {
      await copySource(request.sourceDir, staging);
      const procfile = await this.buildTree(staging, home, log, signal);
      signal.throwIfAborted();
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
      await fs.rm(staging, { recursive: true, force: true });
      if (timeout.aborted) {
        throw new Error(
          `the build took longer than ${Math.round(
            this.settings.timeoutMs / 1000,
          )} seconds and was stopped`,
        );
      }
      if (signal.aborted) throw new Error('the build was cancelled');
      throw error;
    } finally {
      await fs.rm(home, { recursive: true, force: true });
    }
  }

  /** Installs and builds in `dir`; returns the process types (the Procfile's, or the kind's defaults). */
  private async buildTree(
    dir: string,
    home: string,
    log: (chunk: string) => void,
    signal: AbortSignal,
  ): Promise<Procfile> {
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

    const env: NodeJS.ProcessEnv = { HOME: home };
    for (const name of PASSED_ENV) {
      if (process.env[name] !== undefined) env[name] = process.env[name];
    }
    // The node that runs Slipway also runs npm and the app's scripts.
    env.PATH = [path.dirname(process.execPath), env.PATH]
      .filter(Boolean)
      .join(path.delimiter);

    const defaults: Procfile = {};
    for (const kind of kinds) {
      log(`-----> ${kind.name} app detected\n`);
      const context = {
        dir,
        env,
        cacheDir: path.join(this.dataDir, 'cache'),
        settings: this.settings,
        log,
        signal,
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

export async function readProcfile(dir: string): Promise<Procfile | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, 'Procfile'), 'utf8');
  } catch {
    return undefined;
  }
  return parseProcfile(text);
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
  );
