import { setOwner } from './ownership';
import { signalGroup, spawnGroup } from './processGroup';
import type { Sandbox, SandboxDirs, SandboxedSpawn } from './types';

/**
 * No sandbox (bubblewrap missing, e.g. on a laptop): the command runs as the backend's user, in
 * its own process group, with only the environment it is given. It can read whatever the backend
 * can read. Chosen only with a loud warning (see `chooseSandbox`).
 */
export class Unsandboxed implements Sandbox {
  readonly kind = 'none';

  constructor(readonly weakness: string) {}

  paths(dirs: SandboxDirs) {
    return {
      app: dirs.app,
      home: dirs.home,
      tmp: dirs.tmp,
      ...(dirs.cache ? { cache: dirs.cache } : {}),
    };
  }

  spawn(spec: SandboxedSpawn) {
    return spawnGroup(spec.command, spec.args, spec.dirs.app, spec);
  }

  terminate(pid: number): void {
    signalGroup(pid, 'SIGTERM');
  }

  async grantWritable() {
    // Same user: nothing to grant.
  }

  async reclaim(dir: string) {
    await setOwner(dir, undefined, true);
  }
}
