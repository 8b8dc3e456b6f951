import type { Procfile } from '@slipway/plugin-slipway-common';
import { hasSourceEntry, writeTreeFile } from '../source';
import type { Sandbox, SandboxDirs, SandboxPaths } from '../../sandbox';
import type { LocalBuilderSettings } from './config';
import { runStep } from './run';

/** What a build of one kind of app (node, python, static) works with. */
export type BuildContext = {
  /** The app built (names the build's cgroups). */
  app: string;
  /** The app's tree, built in place (the backend's path); becomes the slug. */
  dir: string;
  /** The build directory, HOME and the app's build cache (`<dataDir>/cache/<app>`) as host paths. */
  dirs: SandboxDirs & { cache: string };
  /** The same as build steps see them (in the sandbox: `/app`, `/home/app`, `/cache`). */
  paths: SandboxPaths & { cache: string };
  /** Environment of build steps (no backend secrets: see `PASSED_ENV`). */
  env: NodeJS.ProcessEnv;
  settings: LocalBuilderSettings;
  log: (chunk: string) => void | Promise<void>;
  signal: AbortSignal;
  sandbox: Sandbox;
};

/** Runs a build step of this build in its sandbox, in the build directory. */
export function buildStep(
  context: BuildContext,
  step: {
    label: string;
    command: string;
    args: string[];
    env: NodeJS.ProcessEnv;
  },
) {
  return runStep({
    ...step,
    app: context.app,
    dirs: context.dirs,
    log: context.log,
    signal: context.signal,
    sandbox: context.sandbox,
  });
}

/** One kind of app the local build executor recognises. */
export type AppKind = {
  name: string;
  detect(dir: string): Promise<boolean>;
  /** Told to the user when the kind has no default command and there is no Procfile. */
  howToStart?: string;
  /** Installs and builds; returns the default process types (a Procfile replaces them). */
  build(context: BuildContext): Promise<Procfile>;
};

/**
 * Whether the tree has `name` (a file; a link there is found too, and refused when it is read):
 * never follows a link, so it tells nothing about files outside the tree.
 */
export function fileExists(dir: string, name: string): Promise<boolean> {
  return hasSourceEntry(dir, name);
}

/**
 * Writes a script the runtime sources before starting a process (Heroku's `.profile.d`
 * convention), e.g. to put the app's virtualenv on PATH. It runs from the slug directory.
 */
export async function writeProfileScript(
  dir: string,
  name: string,
  content: string,
) {
  // The build steps ran first: `.profile.d` or the script may be a link the app planted.
  await writeTreeFile(dir, `.profile.d/${name}`, content);
}
