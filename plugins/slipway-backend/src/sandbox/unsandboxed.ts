import { spawn } from 'node:child_process';
import { setOwner } from './ownership';
import { signalGroup } from './processGroup';
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
    return spawn(spec.command, spec.args, {
      cwd: spec.dirs.app,
      env: spec.env,
      detached: true,
      stdio: spec.stdio,
      timeout: spec.timeoutMs,
      killSignal: 'SIGKILL',
    });
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
