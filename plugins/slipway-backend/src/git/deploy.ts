import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GitIdentity, GitRemoteDeps } from './types';
import type { PreReceiveInput } from './pushSession';
import type { PushLocks } from './appLocks';
import { BuildLog } from './buildLog';
import { saveLogWhileRunning } from './liveBuildLog';
import { checkoutCommit, quarantineEnvironment } from './checkout';
import { git, gitEnvironment } from './git';
import { removeTree } from '../hostFiles/removeTree';

/** Pushes to these branches are built and released. */
export const DEPLOY_BRANCHES = ['refs/heads/main', 'refs/heads/master'];

const ZERO_SHA = /^0+$/;

export type PushContext = {
  app: string;
  userEntityRef: string;
  /** The token and owner the push authenticated with: checked again before building and releasing. */
  identity: GitIdentity;
  repoDir: string;
  /** Keeps the app's lock until git has updated the refs (released when git exits). */
  holdLock: (release: () => void) => void;
};

/**
 * The pre-receive decision of a push: pushes that update `main`/`master` are built from the pushed
 * commit, recorded (failed builds too) and released; the build output goes to the pusher as it
 * happens. A failed build rejects the push. Other branches are accepted as they are.
 */
export async function deployPush(
  deps: GitRemoteDeps,
  locks: PushLocks,
  push: PushContext,
  input: PreReceiveInput,
): Promise<number> {
  const deploys = input.updates.filter(
    u => DEPLOY_BRANCHES.includes(u.ref) && !ZERO_SHA.test(u.newSha),
  );
  if (deploys.length === 0) return 0;

  const { write, signal } = input;
  push.holdLock(
    await locks.acquire(push.app, signal, () =>
      write(`-----> Waiting for an earlier push to ${push.app} to finish...\n`),
    ),
  );

  for (const update of deploys) {
    // The ref moved since the client looked (a push that landed while this one waited): git would
    // refuse this update anyway, so do not build it.
    const current = await currentSha(push.repoDir, update.ref);
    if (
      current !== (ZERO_SHA.test(update.oldSha) ? undefined : update.oldSha)
    ) {
      write(
        `! ${update.ref} changed while you pushed (another push landed first): fetch, merge and push again\n`,
      );
      return 1;
    }
    // Waiting for the lock may have taken long: who may push is asked again before building.
    const problem = await deps.tokens.recheck(push.app, push.identity);
    if (problem) {
      write(`! Not building: ${problem}\n`);
      return 1;
    }
    const ok = await buildAndRelease(
      deps,
      push,
      input,
      update.newSha,
      update.ref,
    );
    if (!ok) return 1;
  }
  return 0;
}

async function buildAndRelease(
  deps: GitRemoteDeps,
  push: PushContext,
  input: PreReceiveInput,
  sha: string,
  ref: string,
): Promise<boolean> {
  // A transfer, a revoke or a delete stops the build (see BuildsInFlight), with its reason.
  const stop = new AbortController();
  const signal = AbortSignal.any([input.signal, stop.signal]);
  const recorded = buildAndRecord(
    deps,
    push,
    { ...input, signal },
    sha,
    ref,
    () => (stop.signal.aborted ? String(stop.signal.reason) : undefined),
  );
  deps.buildsInFlight?.track(
    push.app,
    push.identity,
    reason => stop.abort(reason),
    recorded,
  );
  const release = await recorded;
  if (!release) return false;
  // Like Heroku, a release that fails rejects the push (non-zero exit, the ref stays where it was),
  // so CI can tell; the build stays recorded and the previous release keeps serving.
  return reportRelease(deps, push.app, release.version, input);
}

/**
 * Builds the commit and records the build: resolves with the release it made, `undefined` when
 * the build failed or may not be released (recorded failed, with the reason in its log).
 */
async function buildAndRecord(
  deps: GitRemoteDeps,
  push: PushContext,
  input: PreReceiveInput,
  sha: string,
  ref: string,
  stopped: () => string | undefined,
): Promise<{ version: number } | undefined> {
  const { app, userEntityRef } = push;
  const { signal } = input;
  const log = new BuildLog(input.write);
  log.write(
    `-----> Building ${app} ${sha.slice(0, 7)} (${ref.replace(
      'refs/heads/',
      '',
    )})\n`,
  );

  // The build is visible (running, with its log so far) in the portal from the start.
  const running = await deps.builds.startBuild?.(app, sha, userEntityRef);
  const sourceDir = await fs.mkdtemp(
    path.join(os.tmpdir(), `slipway-source-${app}-`),
  );
  const live = saveLogWhileRunning(running, log, error =>
    deps.logger.warn(`Could not save the log of a running build: ${error}`),
  );
  const fail = async (message: string) => {
    log.write(`\n! Build failed: ${message}\n`);
    await live.stop();
    try {
      await deps.builds.recordBuild(
        app,
        {
          id: running?.id,
          image: '',
          procfile: {},
          sha,
          log: log.text(),
          status: 'failed',
        },
        userEntityRef,
      );
    } catch (error) {
      // A deleted app keeps no builds: there is nothing to record the failure in.
      deps.logger.info(
        `Could not record the failed build of ${app}: ${
          (error as Error).message
        }`,
      );
    }
    return undefined;
  };
  let outcome;
  try {
    await checkoutCommit(
      sha,
      sourceDir,
      await quarantineEnvironment(push.repoDir, input.quarantine),
      deps.sourceLimits,
    );
    outcome = await deps.buildExecutor.build({
      app,
      sourceDir,
      sha,
      buildId: running?.id,
      log: chunk => log.write(chunk),
      signal,
    });
  } catch (error) {
    return fail(stopped() ?? (error as Error).message);
  } finally {
    await live.stop();
    await removeTree(sourceDir);
  }

  // Asked again before the release is made: the app, its owner and the token may have changed
  // on another backend replica while this one built.
  const problem = stopped() ?? (await deps.tokens.recheck(app, push.identity));
  if (problem) return fail(problem);
  log.write(`-----> Build succeeded: ${outcome.image}\n`);
  let recorded;
  try {
    recorded = await deps.builds.recordBuild(
      app,
      {
        ...outcome,
        id: running?.id,
        sha,
        log: log.text(),
        status: 'succeeded',
      },
      userEntityRef,
      push.identity,
    );
  } catch (error) {
    if ((error as Error).name !== 'NotAllowedError') throw error;
    return fail((error as Error).message);
  }
  const { build, release } = recorded;
  deps.logger.info(
    `Recorded build ${build.id} of ${app} from ${sha.slice(
      0,
      7,
    )}, pushed by ${userEntityRef}`,
  );
  return release;
}

/**
 * Waits for the release the push made and tells the pusher how it went. Resolves `true` when the
 * push may land: the release serves, or it is still rolling out after the wait (its outcome is then
 * the app page's); `false` when it failed or could not be followed, with the reason written.
 */
async function reportRelease(
  deps: GitRemoteDeps,
  app: string,
  version: number,
  input: PreReceiveInput,
): Promise<boolean> {
  const { signal } = input;
  input.write(`-----> Releasing v${version}...\n`);
  let problem: string;
  try {
    const released = await Promise.race([
      deps.releases.waitForRelease(app, version, signal),
      new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), {
          once: true,
        });
      }),
    ]);
    if (released.status === 'succeeded') {
      input.write(`Released v${version} at ${await deps.apps.url(app)}\n`);
      return true;
    }
    if (released.status === 'pending') {
      input.write(
        `! Release v${version} is still rolling out: its app page shows the outcome\n`,
      );
      return true;
    }
    problem = `Release v${version} failed: ${
      released.reason ?? 'unknown reason'
    }`;
  } catch (error) {
    problem = `Release v${version} did not finish: ${(error as Error).message}`;
  }
  input.write(`! ${problem}\n`);
  input.write(
    `! Push rejected: the build is recorded, the previous release keeps serving and the branch was not updated. Fix the cause and push again.\n`,
  );
  return false;
}

async function currentSha(
  repoDir: string,
  ref: string,
): Promise<string | undefined> {
  try {
    return (
      await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
        env: gitEnvironment({ GIT_DIR: repoDir }),
      })
    ).trim();
  } catch {
    return undefined;
  }
}
