import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  appNameProblem,
  slipwayAppDeletePermission,
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type App,
  type AppSummary,
  type AppsQuery,
  type Page,
} from '@slipway/plugin-slipway-common';
import { isUniqueViolation, type AppRecord } from '../ledger';
import { EMPTY_CONFIG } from './config/applyConfigPatch';
import { actorOf, loadApp, type ServiceContext } from './context';
import { pageInfo, pageRequest } from './cursor';
import { outputMasks } from './masking';
import { actorName, normalizeOwner } from '../domain/names';
import type { RequestBody } from './requests';
import { DEFAULT_SETTINGS, withDefaults } from '../domain/defaults';
import { requireApprover, requireKnownOwner } from './owners';
import { appView, releaseView } from '../domain/views';

/** App lifecycle: list, read, create (with v1), transfer, destroy. */
export class AppService {
  private readonly deleteListeners: ((app: string) => Promise<void>)[] = [];
  private readonly leftoverListeners: ((app: string) => Promise<void>)[] = [];
  private readonly transferListeners: ((app: string) => Promise<void>)[] = [];

  constructor(private readonly ctx: ServiceContext) {}

  /** Lets other parts (e.g. the git remote) remove what they keep for an app when it is destroyed. */
  onDelete(listener: (app: string) => Promise<void>): void {
    this.deleteListeners.push(listener);
  }

  /**
   * Lets other parts drop what the old owner could write and the new owner's builds would use
   * (the build cache): called after the old owner's builds in flight have stopped.
   */
  onTransfer(listener: (app: string) => Promise<void>): void {
    this.transferListeners.push(listener);
  }

  /**
   * Lets other parts remove what an earlier app of the same name may have left (a delete that
   * raced a push): called before an app is created, so a new app never starts with an old one's files.
   */
  onLeftovers(listener: (app: string) => Promise<void>): void {
    this.leftoverListeners.push(listener);
  }

  /** One page of the apps the caller may read, filtered and sorted on the server (ties by name). */
  async list(
    credentials: BackstageCredentials,
    query: AppsQuery = {},
  ): Promise<Page<AppSummary>> {
    // A cursor holds the sort column's value and the name (just the name when sorted by name).
    const sort = query.sort ?? 'name';
    const page = pageRequest(
      query,
      sort === 'name' ? ['string'] : ['string', 'string'],
    );
    const filter = await this.ctx.authorizer.readFilter(credentials);
    if (filter === 'none') return { items: [], totalItems: 0, pageInfo: {} };
    const found = await this.ctx.ledger.apps.page(
      filter === 'all' ? undefined : filter,
      {
        // App names are lowercase; so is the match.
        q: query.q?.toLocaleLowerCase('en-US'),
        owners: query.owner?.map(normalizeOwner),
        status: query.status,
        health: query.health,
        sort,
        order: query.order,
      },
      page,
    );
    const apps = found.items;
    const names = apps.map(a => a.name);
    const [current, latest, gitBase] = await Promise.all([
      this.ctx.ledger.releases.currentOf(names),
      this.ctx.ledger.releases.latestOf(names),
      this.ctx.gitBaseUrl(),
    ]);
    // A failure's reason may quote config values: masked like all output (only failed releases
    // have one), with the masks of the page's failed apps read together.
    const failed = [...latest]
      .filter(([, r]) => r.reason)
      .map(([name]) => name);
    const [builds, masks] = await Promise.all([
      this.ctx.ledger.builds
        .getMany(
          [...current.values()].flatMap(r => (r.buildId ? [r.buildId] : [])),
        )
        .then(records => new Map(records.map(b => [b.id, b]))),
      outputMasks(this.ctx, credentials, failed),
    ]);
    const reasons = new Map(
      failed.map(name => [name, masks.get(name)!(latest.get(name)!.reason!)]),
    );
    // Listing does not reveal config values (that needs a permission check per app); GET /apps/:app does.
    const items = apps.map(app => {
      const release = current.get(app.name);
      const latestRelease = latest.get(app.name);
      const newest = latestRelease && {
        ...latestRelease,
        ...(reasons.has(app.name) ? { reason: reasons.get(app.name) } : {}),
      };
      return {
        ...appView(app, {
          url: this.ctx.router.defaultUrl(app.name),
          gitRemote: `${gitBase}/${app.name}.git`,
          release:
            release &&
            releaseView(
              release,
              release.buildId ? builds.get(release.buildId) : undefined,
              false,
            ),
        }),
        ...(newest ? { latestRelease: newest } : {}),
      };
    });
    return { items, totalItems: found.totalItems, pageInfo: pageInfo(found) };
  }

  async get(credentials: BackstageCredentials, name: string): Promise<App> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppReadPermission,
    );
    const reveal = await this.ctx.authorizer.mayReadValues(credentials, name);
    return this.view(app, reveal);
  }

  async create(
    credentials: BackstageCredentials,
    input: RequestBody<'CreateApp'>,
  ): Promise<App> {
    await this.ctx.authorizer.requireCreate(credentials);
    // Reserved names and "--" (the spec checks the syntax).
    const problem = appNameProblem(input.name);
    if (problem) throw new InputError(problem);
    const name = input.name;
    // One line of text: it becomes the catalog entity's description, shown in every portal page.
    // eslint-disable-next-line no-control-regex
    if (input.description && /[\u0000-\u001f\u007f]/.test(input.description)) {
      throw new InputError(
        'description must be one line of text, without control characters',
      );
    }
    const actor = actorOf(credentials);
    const owner = normalizeOwner(input.owner ?? actor);
    const cluster = input.cluster ?? this.ctx.defaultCluster;
    if (await this.ctx.ledger.apps.get(name)) {
      throw new ConflictError(`App "${name}" already exists`);
    }
    await requireKnownOwner(this.ctx, credentials, owner);
    for (const listener of this.leftoverListeners) await listener(name);
    const now = this.ctx.now().toISOString();
    const app: AppRecord = {
      name,
      owner,
      cluster,
      structure: {},
      settings: DEFAULT_SETTINGS,
      createdAt: now,
      updatedAt: now,
      ...(input.description?.trim()
        ? { description: input.description.trim() }
        : {}),
    };
    try {
      await this.ctx.ledger.transaction(async tx => {
        // A build a push recorded while an earlier app of this name was being deleted is not this app's.
        await tx.builds.deleteApp(name);
        await tx.logs.deleteApp(name);
        await tx.apps.insert(app);
        await tx.releases.insert({
          app: name,
          version: 1,
          config: EMPTY_CONFIG,
          summary: `${actorName(actor)} created the app`,
          createdBy: actor,
          createdAt: now,
          status: 'pending',
        });
        await tx.events.append({
          app: name,
          type: 'app.create',
          message: `${actorName(
            actor,
          )} created ${name} (owner ${owner}, cluster ${cluster})`,
          actor,
          createdAt: now,
          details: { owner, cluster },
        });
        // Last, inside the transaction: if the runtime refuses, nothing is recorded.
        await this.ctx.runtime.createApp(name, cluster);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`App "${name}" already exists`);
      throw error;
    }
    this.ctx.reconciler.schedule(name);
    await this.ctx.publishAppChange('created', name);
    return this.view(app, true);
  }

  async transfer(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'TransferApp'>,
  ): Promise<App> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppUpdatePermission,
    );
    const owner = normalizeOwner(input.owner);
    if (owner !== app.owner) {
      await requireKnownOwner(this.ctx, credentials, owner);
      // The new owner must still leave someone to approve a member's promotion.
      if (withDefaults(app.settings).requireApproval) {
        await requireApprover(this.ctx, name, owner);
      }
      const actor = actorOf(credentials);
      const now = this.ctx.now().toISOString();
      await this.ctx.ledger.transaction(async tx => {
        await tx.apps.update(name, { owner, updatedAt: now });
        // Deploy tokens act for the people of the old owner: none survives a transfer.
        const revoked = (await tx.tokens.list(name)).length;
        await tx.tokens.deleteApp(name);
        // Nor a log drain: the old owner's log system must not receive the new owner's lines.
        await tx.drains.deleteApp(name);
        await tx.events.append({
          app: name,
          type: 'app.transfer',
          message: `${actorName(actor)} transferred ${name} from ${
            app.owner
          } to ${owner}${
            revoked > 0
              ? ` and so revoked its ${revoked} deploy token${
                  revoked > 1 ? 's' : ''
                }`
              : ''
          }`,
          actor,
          createdAt: now,
          details: { from: app.owner, to: owner, revokedTokens: revoked },
        });
      });
      // The old owner's pushes in flight stop: they may not release under the new owner.
      await this.ctx.buildsInFlight?.cancel(
        name,
        `${name} changed owner during the build (from ${app.owner} to ${owner})`,
      );
      // Then what they wrote goes: the new owner's builds must not start from the old owner's cache.
      for (const listener of this.transferListeners) await listener(name);
      this.ctx.reconciler.schedule(name);
      await this.ctx.publishAppChange('updated', name);
    }
    return this.get(credentials, name);
  }

  /** Destroys an app: its runtime resources first (so a failure leaves it retryable), then its ledger. */
  async delete(credentials: BackstageCredentials, name: string): Promise<void> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppDeletePermission,
    );
    // Builds in flight stop first: they may not release into the deleted app, nor keep its cache in use.
    await this.ctx.buildsInFlight?.cancel(
      name,
      `${name} was deleted during the build`,
    );
    // Let a rollout in flight finish first, so it cannot recreate what is being removed; told to
    // give up at once rather than wait for its new processes until the deploy's timeout.
    this.ctx.runtime.abandonRollout?.(name, app.cluster);
    await this.ctx.reconciler.idle(name);
    await this.ctx.runtime.deleteApp(name, app.cluster);
    for (const listener of this.deleteListeners) await listener(name);
    await this.ctx.ledger.transaction(async tx => {
      await tx.tokens.deleteApp(name);
      await tx.events.deleteApp(name);
      await tx.metrics.deleteApp(name);
      await tx.logs.deleteApp(name);
      await tx.drains.deleteApp(name);
      await tx.domains.deleteApp(name);
      await tx.certs.deleteApp(name);
      await tx.acme.deleteApp(name);
      await tx.releases.deleteApp(name);
      await tx.builds.deleteApp(name);
      await tx.apps.delete(name);
    });
    this.ctx.reconciler.forget(name);
    await this.ctx.publishAppChange('deleted', name);
  }

  private async view(app: AppRecord, reveal: boolean): Promise<App> {
    const [release] = await this.ctx.ledger.releases.newest(app.name, {
      notFailed: true,
      limit: 1,
    });
    const build = release?.buildId
      ? await this.ctx.ledger.builds.get(app.name, release.buildId)
      : undefined;
    // Settings that only matter in a pipeline (Require approval) are shown only there.
    const coupling = await this.ctx.ledger.pipelines.couplingOf(app.name);
    return {
      ...appView(app, {
        url: this.ctx.router.defaultUrl(app.name),
        gitRemote: `${await this.ctx.gitBaseUrl()}/${app.name}.git`,
        release: release && releaseView(release, build, reveal),
      }),
      ...(coupling
        ? { pipeline: { name: coupling.pipeline, stage: coupling.stage } }
        : {}),
      // The portal's Run as root switch says when the platform does not allow root.
      rootAllowed: this.ctx.allowRoot ?? false,
    };
  }
}
