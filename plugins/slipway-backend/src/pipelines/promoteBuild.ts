import { ConflictError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import type { BuildRecord, Ledger, ReleaseRecord } from '../ledger';
import { actorName } from '../domain/names';
import { appendRelease } from '../services/releases/appendRelease';
import { structureForProcfile } from '../domain/releases/structure';
import { releasedBuildProblem } from '../build/processTypes';

/** "jane promoted 1a2b3c4 from shop-staging v5" (the image when the build has no sha). */
export function promotionSummary(
  actor: string,
  build: Pick<BuildRecord, 'image' | 'sha'>,
  source: string,
  sourceVersion: number,
): string {
  const what = build.sha ? build.sha.slice(0, 7) : build.image;
  return `${actorName(
    actor,
  )} promoted ${what} from ${source} v${sourceVersion}`;
}

/** Throws 409 when `build` may not be released again (a promotion approved after the rule, too). */
export function refuseReleasedBuild(
  build: Pick<BuildRecord, 'procfile'>,
  source: string,
  sourceVersion: number,
): void {
  const problem = releasedBuildProblem(build.procfile);
  if (problem)
    throw new ConflictError(
      `Cannot promote ${source} v${sourceVersion}: ${problem}`,
    );
}

/** Throws 409 when `target`'s running release already has `build`'s image (the same slug or digest). */
export async function refuseIfRunning(
  ledger: Ledger,
  target: string,
  build: Pick<BuildRecord, 'image'>,
): Promise<void> {
  const [running] = await ledger.releases.newest(target, {
    notFailed: true,
    limit: 1,
  });
  const runningBuild = running?.buildId
    ? await ledger.builds.get(target, running.buildId)
    : undefined;
  if (runningBuild?.image === build.image) {
    throw new ConflictError(
      `App "${target}" already runs this build (v${running!.version})`,
    );
  }
}

/**
 * Appends the target's next release with the exact build of the source (the same image: slug or
 * digest, sha and Procfile, recorded as the target's own build) and the target's own latest config.
 * Runs on `ledger`, which may be a transaction: versions stay gap-free through appendRelease.
 */
export async function promoteBuild(
  ledger: Ledger,
  options: {
    target: string;
    source: string;
    sourceVersion: number;
    build: BuildRecord;
    actor: string;
    now: () => Date;
  },
): Promise<ReleaseRecord> {
  const { target, build, actor, now } = options;
  return appendRelease(ledger, target, now, async (latest, tx) => {
    refuseReleasedBuild(build, options.source, options.sourceVersion);
    // Checked again on fresh state: a concurrent promotion of the same build may have won.
    await refuseIfRunning(tx, target, build);
    const app = (await tx.apps.get(target))!;
    const copy: BuildRecord = {
      id: randomUUID(),
      app: target,
      image: build.image,
      ...(build.sha ? { sha: build.sha } : {}),
      procfile: build.procfile,
      status: 'succeeded',
      log: `Promoted from ${options.source} v${options.sourceVersion} (build ${build.id}).\n`,
      createdBy: actor,
      createdAt: now().toISOString(),
    };
    await tx.builds.insert(copy);
    await tx.apps.update(target, {
      structure: structureForProcfile(app.structure, build.procfile),
      updatedAt: copy.createdAt,
    });
    return {
      buildId: copy.id,
      config: latest.config,
      summary: promotionSummary(
        actor,
        build,
        options.source,
        options.sourceVersion,
      ),
      createdBy: actor,
    };
  });
}
