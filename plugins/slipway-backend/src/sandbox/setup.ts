import type { SandboxedSpawn } from './types';

/**
 * One thing the platform does to a sandbox after bwrap made its namespaces and before the command
 * runs. bwrap is started with `--info-fd` (it tells the host pid of the sandbox's init, `sandboxPid`)
 * and `--block-fd` (it waits there until the steps are done): whatever the step does to that pid
 * holds for every process the command will start. Steps run in order; a step that throws stops the
 * sandbox (its command never runs). `release` runs once the sandbox's processes are gone.
 *
 * The steps today: the process's cgroups (limits). The network helper adds "attach the sandbox's
 * network namespace" (`sandbox/network/`) as a further step of the same list.
 */
export interface SandboxSetupStep {
  readonly name: string;
  prepare(
    sandboxPid: number,
    spec: SandboxedSpawn,
  ): Promise<SandboxSetup | void>;
}

/** What a prepared step leaves: how to undo it, and what it says about how the sandbox ended. */
export type SandboxSetup = {
  /** Undoes the step (e.g. removes the cgroup); may finish later. Never throws. */
  release(): void;
  /** Why the processes ended, when the step knows (e.g. "out of memory"); read when bwrap exits with `exit`. */
  exitNote?(exit: SandboxExit): string | undefined;
};

/** How bwrap ended (it exits with 128 + the signal that killed its command). */
export type SandboxExit = {
  code: number | null;
  signal: NodeJS.Signals | null;
};

/** A step that takes longer fails the sandbox (its command never runs) rather than hang it. */
const STEP_TIMEOUT_MS = 30_000;

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`did not finish within ${ms / 1000}s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `steps` in order on the sandbox; on failure undoes those done and rethrows. */
export async function prepareSandbox(
  steps: readonly SandboxSetupStep[],
  sandboxPid: number,
  spec: SandboxedSpawn,
): Promise<SandboxSetup[]> {
  const done: SandboxSetup[] = [];
  for (const step of steps) {
    try {
      const setup = await within(
        STEP_TIMEOUT_MS,
        step.prepare(sandboxPid, spec),
      );
      if (setup) done.push(setup);
    } catch (error) {
      for (const setup of done.reverse()) setup.release();
      throw new Error(
        `sandbox setup "${step.name}" failed: ${(error as Error).message}`,
      );
    }
  }
  return done;
}
