import path from 'node:path';
import { SANDBOXED_PATH } from '../../sandbox';

/** Per-app directories outside the (shared, read-only) slug: logs (the backend's), HOME and TMPDIR (the app's). */
export function appDirectories(dataDir: string, app: string) {
  const run = path.join(dataDir, 'run', app);
  return {
    logs: path.join(dataDir, 'logs', app),
    run,
    home: path.join(run, 'home'),
    tmp: path.join(run, 'tmp'),
  };
}

/**
 * The environment of an app process. Only LANG comes from the backend (PATH is the fixed
 * `SANDBOXED_PATH`) —
 * never its own secrets — then the release's config values, then what the platform sets.
 * `paths` are the home and temporary directory as the process sees them (its sandbox).
 */
export function processEnvironment(
  paths: { home: string; tmp: string },
  values: Record<string, string>,
  platform: Record<string, string>,
): Record<string, string> {
  return {
    PATH: SANDBOXED_PATH,
    LANG: process.env.LANG ?? 'C.UTF-8',
    HOME: paths.home,
    TMPDIR: paths.tmp,
    ...values,
    ...platform,
  };
}
