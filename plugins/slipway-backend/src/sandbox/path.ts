import path from 'node:path';

/**
 * The `PATH` every sandboxed process (build step, app process, run) starts with: the directory of
 * the node that runs Slipway (builds and apps use it), then the system's. Fixed: the backend's own
 * `PATH` (root's home, the repository's node_modules/.bin) would tell the host's layout and run
 * whatever is planted there. An app adds its own (node_modules/.bin, its virtualenv) through
 * `.profile.d` or its config.
 */
export const SANDBOXED_PATH = [
  ...new Set([
    path.dirname(process.execPath),
    '/usr/local/bin',
    '/usr/bin',
    '/bin',
  ]),
].join(':');
