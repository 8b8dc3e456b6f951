import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { LAUNCH_FD, launcherCommand, launchScript } from './launcher';
import { setOwner } from './ownership';
import { firstThree, signalGroup, spawnGroupWith } from './processGroup';
import type { Sandbox, SandboxDirs, SandboxedSpawn } from './types';

/**
 * No sandbox (bubblewrap missing, e.g. on a laptop): the command runs as the backend's user, in
 * its own process group, with only the environment it is given. It can read whatever the backend
 * can read. Chosen only with a loud warning (see `chooseSandbox`). It starts through the same
 * launcher as a sandbox (the system's `sh` by absolute path, the environment through a pipe).
 */
export class Unsandboxed implements Sandbox {
  readonly kind = 'none';
  readonly limitsProblem = 'pushed code is not sandboxed here';

  constructor(readonly weakness: string) {}

  paths(dirs: SandboxDirs) {
    return {
      app: dirs.app,
      home: dirs.home,
      tmp: dirs.tmp,
      ...(dirs.cache ? { cache: dirs.cache } : {}),
    };
  }

  spawn(spec: SandboxedSpawn): ChildProcess {
    const script = launchScript(spec.env, spec.command, spec.args);
    const [shell, ...args] = launcherCommand();
    const child = spawnGroupWith(shell, args, {
      stdio: [...firstThree(spec.stdio), 'pipe'],
      timeoutMs: spec.timeoutMs,
      cwd: spec.dirs.app,
    });
    const launch = child.stdio[LAUNCH_FD] as Writable | null;
    launch?.on('error', () => {});
    launch?.end(script);
    return child;
  }

  exitNote(): string | undefined {
    return undefined;
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
