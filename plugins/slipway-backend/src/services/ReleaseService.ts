import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type Page,
  type PageQuery,
  type Release,
  type ReleaseDiff,
} from '@slipway/plugin-slipway-common';
import type { Ledger, ReleaseRecord } from '../ledger';
import { actorOf, loadApp, type ServiceContext } from './context';
import { pageInfo, pageRequest } from './cursor';
import { appendRelease } from './releases/appendRelease';
import { diffReleases } from '../domain/releases/diff';
import type { RequestBody } from './requests';
import { structureForProcfile } from '../domain/releases/structure';
import { rollbackSummary } from '../domain/releases/summary';
import { outputMask } from './masking';
import { releaseView } from '../domain/views';
import { releasedBuildProblem } from '../build/processTypes';

/** The release ledger: list, read, diff, and roll back (which appends a release). */
export class ReleaseService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(
    credentials: BackstageCredentials,
    name: string,
    query: PageQuery = {},
  ): Promise<Page<Release>> {
    const page = pageRequest(query, ['number']);
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const reveal = await this.reveal(credentials, name);
    const found = await this.ctx.ledger.releases.list(name, page);
    return {
      items: await this.views(found.items, reveal),
      totalItems: found.totalItems,
      pageInfo: pageInfo(found),
    };
  }

  async get(
    credentials: BackstageCredentials,
    name: string,
    version: number,
  ): Promise<Release> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const release = await this.find(this.ctx.ledger, name, version);
    return (
      await this.views([release], await this.reveal(credentials, name))
    )[0];
  }

  /** Value-level differences from `from` to `to`; values masked unless the caller may read config. */
  async diff(
    credentials: BackstageCredentials,
    name: string,
    from: number,
    to: number,
  ): Promise<ReleaseDiff> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const [a, b] = await Promise.all([
      this.find(this.ctx.ledger, name, from),
      this.find(this.ctx.ledger, name, to),
    ]);
    const builds = new Map(
      (
        await this.ctx.ledger.builds.getMany(
          [a.buildId, b.buildId].filter((id): id is string => !!id),
        )
      ).map(build => [build.id, build]),
    );
    const changes = diffReleases(
      {
        config: a.config,
        build: a.buildId ? builds.get(a.buildId) : undefined,
      },
      {
        config: b.config,
        build: b.buildId ? builds.get(b.buildId) : undefined,
      },
      await this.reveal(credentials, name),
    );
    return { from, to, changes };
  }

  /**
   * Rolls back as Deis does: a new release with the build and config of `version`
   * (default: the release before the latest). A target without a build (a config change made
   * before the first deploy) gives its config only: the app keeps the build it runs now, and
   * has nothing to deploy while no build exists. v1 and failed releases are refused.
   */
  async rollback(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'Rollback'> = {},
  ): Promise<Release> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const requested = input.version;
    const actor = actorOf(credentials);
    const mask = await outputMask(this.ctx, credentials, name);
    const release = await appendRelease(
      this.ctx.ledger,
      name,
      this.ctx.now,
      async (latest, tx) => {
        const version = requested ?? latest.version - 1;
        if (version < 1)
          throw new InputError(
            `App "${name}" has no earlier release to roll back to`,
          );
        if (version === 1) {
          throw new InputError(
            'Cannot roll back to v1: it has no build (it was created with the app)',
          );
        }
        const target = await this.find(tx, name, version);
        if (target.status === 'failed') {
          throw new InputError(
            `Cannot roll back to v${version}: it failed${
              target.reason ? ` (${mask(target.reason)})` : ''
            }`,
          );
        }
        if (!target.buildId) {
          const [current] = await tx.releases.newest(name, {
            notFailed: true,
            limit: 1,
          });
          return {
            ...(current?.buildId ? { buildId: current.buildId } : {}),
            config: target.config,
            summary: rollbackSummary(actor, version),
            createdBy: actor,
          };
        }
        const [app, build] = await Promise.all([
          tx.apps.get(name),
          tx.builds.get(name, target.buildId),
        ]);
        const problem = releasedBuildProblem(build!.procfile);
        if (problem)
          throw new InputError(`Cannot roll back to v${version}: ${problem}`);
        await tx.apps.update(name, {
          structure: structureForProcfile(app!.structure, build!.procfile),
          updatedAt: this.ctx.now().toISOString(),
        });
        return {
          buildId: target.buildId,
          config: target.config,
          summary: rollbackSummary(actor, version),
          createdBy: actor,
        };
      },
    );
    // Before its processes start: drains mask the new values at once.
    this.ctx.logDrains?.hub.learn(name, release.config.values);
    this.ctx.reconciler.schedule(name);
    return (
      await this.views([release], await this.reveal(credentials, name))
    )[0];
  }

  private async find(
    ledger: Ledger,
    name: string,
    version: number,
  ): Promise<ReleaseRecord> {
    const release = await ledger.releases.get(name, version);
    if (!release)
      throw new NotFoundError(`Release v${version} of app "${name}" not found`);
    return release;
  }

  private reveal(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<boolean> {
    return this.ctx.authorizer.mayReadValues(credentials, name);
  }

  private async views(
    releases: ReleaseRecord[],
    reveal: boolean,
  ): Promise<Release[]> {
    const ids = [
      ...new Set(releases.flatMap(r => (r.buildId ? [r.buildId] : []))),
    ];
    const builds = new Map(
      (await this.ctx.ledger.builds.getMany(ids)).map(b => [b.id, b]),
    );
    return releases.map(r =>
      releaseView(r, r.buildId ? builds.get(r.buildId) : undefined, reveal),
    );
  }
}

/** A release version from a path or body: a whole number from 1. */
export function parseVersion(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^v?[1-9]\d{0,8}$/.test(text)) {
    throw new InputError(
      `"${String(value).slice(
        0,
        20,
      )}" is not a release version (a whole number from 1, like 3 or v3)`,
    );
  }
  return Number(text.replace(/^v/, ''));
}
