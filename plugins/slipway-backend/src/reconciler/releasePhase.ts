import type { AppDesiredState } from '@slipway/plugin-slipway-node';

/**
 * The Procfile type that is not a process but the release phase (as on Heroku): a command run
 * once per new release before it rolls out, e.g. database migrations. When it fails, the release
 * fails and the previous one keeps serving.
 */
export const RELEASE_PHASE_TYPE = 'release';

/** The desired state without the release-phase entry, which runtimes must not run as a process type. */
export function withoutReleasePhase(desired: AppDesiredState): AppDesiredState {
  const strip = (release: AppDesiredState['release']) => {
    if (!release || !(RELEASE_PHASE_TYPE in release.build.procfile)) return release;
    const { [RELEASE_PHASE_TYPE]: _, ...procfile } = release.build.procfile;
    return { ...release, build: { ...release.build, procfile } };
  };
  return {
    ...desired,
    ...(desired.release ? { release: strip(desired.release) } : {}),
    ...(desired.previousRelease ? { previousRelease: strip(desired.previousRelease) } : {}),
  };
}
