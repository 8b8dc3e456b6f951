import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type Build,
  type Page,
  type PageQuery,
  type Procfile,
  type Release,
} from '@slipway/plugin-slipway-common';
import { randomUUID } from 'node:crypto';
import type { BuildRecord } from '../ledger';
import {
  actorOf,
  loadApp,
  requireApp,
  requireObject,
  type ServiceContext,
} from './context';
import { pageInfo, pageRequest } from './cursor';
import { outputMask } from './masking';
import { actorName } from '../domain/names';
import { appendRelease } from './releases/appendRelease';
import { structureForProcfile } from '../domain/releases/structure';
import { definedProcessTypeProblem } from '../build/processTypes';
import type { RequestBody } from './requests';
import type { PushIdentity } from './identity/BuildsInFlight';
import { deploySummary, shortImage } from '../domain/releases/summary';
import { buildView, releaseView } from '../domain/views';

/** What a build executor (or the deploy-image endpoint) reports. */
export type BuildInput = {
  /** The id of the running build this completes (recorded `pending` when the push started it). */
  id?: string;
  image: string;
  procfile: Procfile;
  sha?: string;
  log?: string;
  status: 'succeeded' | 'failed';
};

// A container image reference or a local slug; no whitespace or control characters.
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@+]{0,511}$/;
const SHA = /^[0-9a-f]{7,64}$/;
const MAX_PROCESS_TYPES = 20;
const MAX_COMMAND = 4096;
const MAX_LOG = 4 * 1024 * 1024;

/** Builds: list, read (with log), deploy an image, and record what a push built. */
export class BuildService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(
    credentials: BackstageCredentials,
    name: string,
    query: PageQuery = {},
  ): Promise<Page<Build>> {
    const page = pageRequest(query, ['string', 'string']);
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const found = await this.ctx.ledger.builds.list(name, page);
    // A slug's full hash is for those who may read config, as in releases.
    const reveal = await this.ctx.authorizer.mayReadValues(credentials, name);
    return {
      items: found.items.map(b => buildView(reveal ? b : shortSlug(b))),
      totalItems: found.totalItems,
      pageInfo: pageInfo(found),
    };
  }

  async get(
    credentials: BackstageCredentials,
    name: string,
    id: string,
  ): Promise<Build> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const build = await this.ctx.ledger.builds.get(name, id);
    if (!build)
      throw new NotFoundError(
        `Build "${id.slice(0, 64)}" of app "${name}" not found`,
      );
    const mask = await outputMask(this.ctx, credentials, name);
    const reveal = await this.ctx.authorizer.mayReadValues(credentials, name);
    const shown = reveal ? build : shortSlug(build);
    return buildView({ ...shown, log: mask(build.log) }, true);
  }

  /** `POST /apps/:app/builds {image, procfile?, sha?}`: deploys a prebuilt image as a new release. */
  async deploy(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'DeployImage'>,
  ): Promise<Release> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    await this.requireOwnImage(name, input.image);
    const { release, build } = await this.recordBuild(
      name,
      {
        image: input.image,
        procfile: input.procfile ?? { web: '' },
        sha: input.sha,
        status: 'succeeded',
      },
      actorOf(credentials),
    );
    const reveal = await this.ctx.authorizer.mayReadValues(credentials, name);
    return releaseView(release!, build, reveal);
  }

  /**
   * A build belongs to its app: a slug only the app that built it may deploy, and an image under
   * the platform registry's path of another app no one may (403). Images from elsewhere are the
   * deployer's own business.
   */
  private async requireOwnImage(name: string, image: string): Promise<void> {
    if (image.startsWith('slug:')) {
      if (!(await this.ctx.ledger.builds.hasImage(name, image))) {
        throw new NotAllowedError(
          `${image.slice(
            0,
            80,
          )} was not built by ${name}: a slug can only be deployed by the app that built it (push to deploy, or roll back to one of its releases)`,
        );
      }
      return;
    }
    const registry = this.ctx.platformRegistry;
    if (!registry) return;
    const prefix = `${registry.replace(/\/+$/, '')}/`;
    if (!image.toLowerCase().startsWith(prefix.toLowerCase())) return;
    const repository = image.slice(prefix.length).split(/[/:@]/)[0];
    if (repository !== name) {
      throw new NotAllowedError(
        `${image.slice(
          0,
          120,
        )} is under the platform registry's path of another app; ${name} may deploy only its own images there (${prefix}${name}…)`,
      );
    }
  }

  /**
   * Fails builds still running after `maxBuildMs`: the backend that ran them stopped (a crash, a
   * redeploy), and nothing else can finish them. Their owners hear of it like of any failed build.
   */
  async failAbandoned(maxBuildMs: number): Promise<number> {
    const startedBefore = new Date(this.ctx.now().getTime() - maxBuildMs);
    const abandoned = await this.ctx.ledger.builds.pendingSince(
      startedBefore.toISOString(),
    );
    return this.failStopped(
      abandoned,
      `\nThe build did not finish within ${Math.round(
        maxBuildMs / 60_000,
      )} minutes: the backend that ran it stopped.\n`,
    );
  }

  /**
   * Fails the pending builds whose backend replica stopped renewing its lease (it died, e.g.
   * kill -9): no one else can finish them, and the pusher's next push must not wait an hour.
   */
  async failOfDeadRunners(): Promise<number> {
    const orphaned = await this.ctx.ledger.builds.pendingOfDeadRunners(
      this.ctx.now().getTime(),
    );
    return this.failStopped(
      orphaned,
      '\nThe backend replica that ran this build stopped (its lease expired): push again to retry.\n',
    );
  }

  private async failStopped(
    builds: BuildRecord[],
    reason: string,
  ): Promise<number> {
    let failed = 0;
    for (const build of builds) {
      const ended = await this.ctx.ledger.transaction(async tx => {
        if (!(await tx.builds.fail(build.app, build.id, reason))) return false;
        await tx.events.append({
          app: build.app,
          type: 'build.failed',
          message: `${whoseBuild(build)} was abandoned`,
          actor: build.createdBy,
          createdAt: this.ctx.now().toISOString(),
          details: { build: build.id },
        });
        return true;
      });
      if (!ended) continue;
      failed++;
      await this.ctx.onBuildFailed?.({
        ...build,
        status: 'failed',
        log: build.log + reason,
      });
    }
    return failed;
  }

  /**
   * Records a build. A succeeded build becomes a new release (with the latest config) and adjusts
   * the process structure to its Procfile; a failed build is kept with its log and releases nothing.
   * The caller has already authorized `actor` (e.g. the git remote checked the deploy token);
   * `pushedAs` (a push's token and the owner it saw) is checked again with the release, in its
   * transaction: a transfer or revoke committed meanwhile refuses it (NotAllowedError).
   */
  async recordBuild(
    name: string,
    input: BuildInput,
    actor: string,
    pushedAs?: PushIdentity,
  ): Promise<{
    build: BuildRecord;
    release?: Awaited<ReturnType<typeof appendRelease>>;
  }> {
    const checked = validateBuild(input);
    await requireApp(this.ctx, name);
    const build: BuildRecord = {
      id: input.id ?? randomUUID(),
      app: name,
      ...checked,
      createdBy: actor,
      createdAt: this.ctx.now().toISOString(),
    };
    if (build.status === 'failed') {
      await this.ctx.ledger.transaction(async tx => {
        await tx.builds.insert(build);
        await tx.events.append({
          app: name,
          type: 'build.failed',
          message: `${whoseBuild(build)} failed`,
          actor,
          createdAt: build.createdAt,
          details: { build: build.id },
        });
      });
      await this.ctx.onBuildFailed?.(build);
      return { build };
    }
    const release = await appendRelease(
      this.ctx.ledger,
      name,
      this.ctx.now,
      async (latest, tx) => {
        const app = (await tx.apps.get(name))!;
        if (pushedAs) {
          if (app.owner !== pushedAs.owner)
            throw new NotAllowedError(
              `${name} changed owner during the build (from ${pushedAs.owner} to ${app.owner})`,
            );
          if (!(await tx.tokens.get(name, pushedAs.tokenId)))
            throw new NotAllowedError(
              'the deploy token was revoked during the build',
            );
        }
        await tx.builds.insert(build);
        await tx.apps.update(name, {
          structure: structureForProcfile(app.structure, build.procfile),
          updatedAt: build.createdAt,
        });
        return {
          buildId: build.id,
          config: latest.config,
          summary: deploySummary(actor, build),
          createdBy: actor,
        };
      },
    );
    this.ctx.reconciler.schedule(name);
    return { build, release };
  }
}

/** A build from a push is the repository's word (its Procfile): checked here for every caller. */
function validateBuild(
  input: BuildInput,
): Pick<BuildRecord, 'image' | 'procfile' | 'sha' | 'status' | 'log'> {
  if (input.status !== 'succeeded' && input.status !== 'failed') {
    throw new InputError('status must be "succeeded" or "failed"');
  }
  // A failed build may have produced no image and no Procfile.
  const failed = input.status === 'failed';
  if (
    typeof input.image !== 'string' ||
    !(IMAGE.test(input.image) || (failed && input.image === ''))
  ) {
    throw new InputError(
      'image must be an image reference like registry.example.com/team/app:1.2 (no spaces)',
    );
  }
  if (
    input.sha !== undefined &&
    (typeof input.sha !== 'string' || !SHA.test(input.sha))
  ) {
    throw new InputError(
      'sha must be a git commit id (7 to 64 lowercase hex characters)',
    );
  }
  const procfile = requireObject(input.procfile ?? {}, 'procfile');
  const types = Object.keys(procfile);
  if ((types.length === 0 && !failed) || types.length > MAX_PROCESS_TYPES) {
    throw new InputError(
      `procfile must name 1 to ${MAX_PROCESS_TYPES} process types`,
    );
  }
  const sorted: Procfile = {};
  for (const type of types.sort()) {
    const problem = definedProcessTypeProblem(type);
    if (problem) throw new InputError(`procfile: ${problem}`);
    const command = procfile[type];
    if (
      typeof command !== 'string' ||
      command.length > MAX_COMMAND ||
      /[\r\n\0]/.test(command)
    ) {
      throw new InputError(
        `procfile: the command of "${type}" must be one line of at most ${MAX_COMMAND} characters ("" runs the image's own command)`,
      );
    }
    sorted[type] = command;
  }
  const log = typeof input.log === 'string' ? input.log : '';
  return {
    image: input.image,
    procfile: sorted,
    ...(input.sha ? { sha: input.sha } : {}),
    status: input.status,
    // Keep the end of overlong logs: that is where the error is.
    log: log.length > MAX_LOG ? log.slice(log.length - MAX_LOG) : log,
  };
}

/** "jane's build of a1b2c3d": how events name a build. */
function whoseBuild(build: Pick<BuildRecord, 'createdBy' | 'sha'>): string {
  return `${actorName(build.createdBy)}'s build${
    build.sha ? ` of ${build.sha.slice(0, 7)}` : ''
  }`;
}

function shortSlug<T extends { image: string }>(build: T): T {
  return { ...build, image: shortImage(build.image) };
}
