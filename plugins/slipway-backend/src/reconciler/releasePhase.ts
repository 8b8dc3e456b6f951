import type { AppDesiredState, Runtime } from '@slipway/plugin-slipway-node';
import type { Ledger } from '../ledger';

/**
 * The Procfile type that is not a process but the release phase (as on Heroku): a command run
 * once per new release before it rolls out, e.g. database migrations. When it fails, the release
 * fails and the previous one keeps serving.
 */
export const RELEASE_PHASE_TYPE = 'release';

/** The desired state without the release-phase entry, which runtimes must not run as a process type. */
export function withoutReleasePhase(desired: AppDesiredState): AppDesiredState {
  const strip = (release: AppDesiredState['release']) => {
    if (!release || !(RELEASE_PHASE_TYPE in release.build.procfile))
      return release;
    const { [RELEASE_PHASE_TYPE]: _, ...procfile } = release.build.procfile;
    return { ...release, build: { ...release.build, procfile } };
  };
  return {
    ...desired,
    ...(desired.release ? { release: strip(desired.release) } : {}),
    ...(desired.previousRelease
      ? { previousRelease: strip(desired.previousRelease) }
      : {}),
  };
}

/** A release phase another backend instance started this long ago is taken to have died with it. */
export const STALE_RELEASE_PHASE_MS = 15 * 60 * 1000;

export type ReleasePhaseOutcome =
  /** The command ran (now or before) and succeeded: roll the release out. */
  | { outcome: 'done' }
  /** The release fails with this reason; the previous one keeps serving. */
  | { outcome: 'failed'; reason: string }
  /** Another backend instance is running it: leave the release pending for now. */
  | { outcome: 'elsewhere' };

/**
 * Runs the release phase of a pending release exactly once, recording its state in the ledger
 * (pending → running → done | failed), so neither a restart nor the next reconcile runs it again:
 * - done before: nothing runs;
 * - failed before, or `run` threw or exited non-zero: the release fails (and is never retried);
 * - running, started by this instance: it was interrupted (the backend restarted): it fails,
 *   since whether the command finished cannot be known and running it twice is worse;
 * - running, started by another instance: that one finishes it, unless it started longer ago
 *   than STALE_RELEASE_PHASE_MS or (with `alive`) stopped renewing its lease: then it died, and
 *   the release fails as interrupted, once the runtime stopped the command where it may still run
 *   (Kubernetes: its Job); when that throws, the phase stays running and the next reconcile
 *   tries again, so a new deploy's phase never runs beside it.
 */
export async function runReleasePhaseOnce(options: {
  ledger: Ledger;
  runtime: Pick<Runtime, 'run' | 'stopReleasePhase'>;
  desired: AppDesiredState;
  command: string;
  /** This backend instance (random per process). */
  runner: string;
  now: () => Date;
  /**
   * Whether another instance still renews its lease (replicas): a dead runner's phase fails as
   * interrupted within a lease's time instead of STALE_RELEASE_PHASE_MS.
   */
  alive?: (runner: string) => Promise<boolean>;
}): Promise<ReleasePhaseOutcome> {
  const { ledger, desired, command, runner, now, alive } = options;
  const app = desired.app;
  const version = desired.release!.version;
  const phase = await ledger.releases.phaseOf(app, version);
  if (phase.state === 'done') return { outcome: 'done' };
  if (phase.state === 'failed') {
    return { outcome: 'failed', reason: 'the release command failed' };
  }
  if (phase.state === 'running') {
    const age = now().getTime() - Date.parse(phase.startedAt ?? '');
    if (
      phase.runner !== runner &&
      age < STALE_RELEASE_PHASE_MS &&
      (!alive || !phase.runner || (await alive(phase.runner)))
    ) {
      return { outcome: 'elsewhere' };
    }
    // Stopped first: the owner is told to deploy again, and two phases must never run at once.
    // If it throws, the phase stays running and the next reconcile (the dead-runner sweep's) retries.
    await options.runtime.stopReleasePhase?.(app, desired.cluster, version);
    await ledger.releases.abandonPhase(app, version);
    return {
      outcome: 'failed',
      reason: `the release command was interrupted (the backend stopped while it ran, started ${phase.startedAt}); it is never run twice: deploy again to retry`,
    };
  }
  if (
    !(await ledger.releases.claimPhase(
      app,
      version,
      runner,
      now().toISOString(),
    ))
  ) {
    return { outcome: 'elsewhere' };
  }
  let result;
  try {
    result = await options.runtime.run(desired, command, {
      releasePhase: true,
    });
  } catch (error) {
    await ledger.releases.finishPhase(app, version, runner, 'failed');
    return {
      outcome: 'failed',
      reason: `the release command could not run: ${
        (error as Error).message ?? error
      }`,
    };
  }
  if (result.exitCode !== 0) {
    await ledger.releases.finishPhase(app, version, runner, 'failed');
    const output = result.output.trim().split('\n').slice(-5).join('\n');
    return {
      outcome: 'failed',
      reason: `the release command failed with exit code ${result.exitCode}${
        output ? `: ${output}` : ''
      }`,
    };
  }
  if (!(await ledger.releases.finishPhase(app, version, runner, 'done'))) {
    return {
      outcome: 'failed',
      reason:
        'the release command took so long that it was taken for interrupted',
    };
  }
  return { outcome: 'done' };
}
