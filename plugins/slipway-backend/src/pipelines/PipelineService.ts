import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  appNameProblem,
  slipwayAppUpdatePermission,
  slipwayPipelineDeletePermission,
  slipwayPipelineReadPermission,
  slipwayPipelineUpdatePermission,
  type Page,
  type PageQuery,
  type Pipeline,
  type PipelineApp,
  type SlipwayPipelinePermission,
} from '@slipway/plugin-slipway-common';
import {
  isUniqueViolation,
  type CouplingRecord,
  type PipelineRecord,
} from '../ledger';
import { actorOf, loadApp } from '../services/context';
import { requireKnownOwner } from '../services/owners';
import { actorName, normalizeOwner } from '../domain/names';
import type { RequestBody } from '../services/requests';
import type { PipelineContext } from './context';
import { pageInfo, pageRequest } from '../services/cursor';
import { pipelineAppView, pipelineView } from './views';
import type { PromotionService } from './PromotionService';

/**
 * Pipelines: apps coupled into stages (review → development → staging → production).
 * Coupling and decoupling are recorded as events of the app.
 */
export class PipelineService {
  constructor(
    private readonly ctx: PipelineContext,
    private readonly promotions: Pick<
      PromotionService,
      'pendingIn' | 'historyOf'
    >,
  ) {}

  async list(
    credentials: BackstageCredentials,
    query: PageQuery = {},
  ): Promise<Page<Pipeline>> {
    const page = pageRequest(query, ['string']);
    const filter = await this.ctx.pipelineAuthorizer.readFilter(credentials);
    if (filter === 'none') return { items: [], totalItems: 0, pageInfo: {} };
    const found = await this.ctx.ledger.pipelines.page(
      filter === 'all' ? undefined : filter,
      page,
    );
    const apps = await this.appsOf(found.items.map(p => p.name));
    return {
      totalItems: found.totalItems,
      pageInfo: pageInfo(found),
      items: found.items.map(p =>
        pipelineView(
          p,
          apps.filter(a => a.pipeline === p.name).map(a => a.view),
        ),
      ),
    };
  }

  async get(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<Pipeline> {
    const pipeline = await this.load(
      credentials,
      name,
      slipwayPipelineReadPermission,
    );
    const apps = await this.appsOf([name]);
    return pipelineView(
      pipeline,
      apps.map(a => a.view),
      await this.promotions.pendingIn(name),
      await this.promotions.historyOf(name),
    );
  }

  async create(
    credentials: BackstageCredentials,
    input: RequestBody<'CreatePipeline'>,
  ): Promise<Pipeline> {
    await this.ctx.pipelineAuthorizer.requireCreate(credentials);
    // Reserved names and "--" (the spec checks the syntax).
    const problem = appNameProblem(input.name);
    if (problem)
      throw new InputError(problem.replace(/^App name/, 'Pipeline name'));
    const actor = actorOf(credentials);
    const pipeline: PipelineRecord = {
      name: input.name,
      owner: normalizeOwner(input.owner ?? actor),
      createdBy: actor,
      createdAt: this.ctx.now().toISOString(),
    };
    await requireKnownOwner(this.ctx, credentials, pipeline.owner);
    try {
      await this.ctx.ledger.pipelines.insert(pipeline);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`Pipeline "${pipeline.name}" already exists`);
      throw error;
    }
    await this.ctx.publishPipelineChange('created', pipeline.name);
    return pipelineView(pipeline, []);
  }

  /** Deletes a pipeline; its apps stay, decoupled, and its pending promotions go with it. */
  async delete(credentials: BackstageCredentials, name: string): Promise<void> {
    await this.load(credentials, name, slipwayPipelineDeletePermission);
    const actor = actorOf(credentials);
    const now = this.ctx.now().toISOString();
    const coupled = await this.ctx.ledger.transaction(async tx => {
      const couplings = await tx.pipelines.couplings([name]);
      for (const c of couplings) {
        await tx.events.append({
          app: c.app,
          type: 'pipeline.decouple',
          message: `${actorName(actor)} deleted pipeline ${name} (${
            c.app
          } was in ${c.stage})`,
          actor,
          createdAt: now,
          details: { pipeline: name, stage: c.stage },
        });
      }
      await tx.promotions.deletePipeline(name);
      await tx.pipelines.delete(name);
      return couplings;
    });
    for (const c of coupled) await this.ctx.publishAppChange('updated', c.app);
    await this.ctx.pipelineChanged?.(name);
    await this.ctx.publishPipelineChange('deleted', name);
  }

  /** `PUT /pipelines/:name/apps/:app {stage}`: couples an app, or moves it to another stage. */
  async couple(
    credentials: BackstageCredentials,
    name: string,
    app: string,
    { stage }: RequestBody<'CoupleApp'>,
  ): Promise<Pipeline> {
    await this.load(credentials, name, slipwayPipelineUpdatePermission);
    await loadApp(this.ctx, credentials, app, slipwayAppUpdatePermission);
    const actor = actorOf(credentials);
    const now = this.ctx.now().toISOString();
    const changed = await this.ctx.ledger
      .transaction(async tx => {
        const existing = await tx.pipelines.couplingOf(app);
        if (existing && existing.pipeline !== name) {
          throw new ConflictError(
            `App "${app}" is already in pipeline "${existing.pipeline}"; decouple it there first`,
          );
        }
        if (existing?.stage === stage) return false;
        if (existing) await tx.pipelines.setStage(app, stage);
        else
          await tx.pipelines.couple({
            app,
            pipeline: name,
            stage,
            createdAt: now,
          });
        await tx.events.append({
          app,
          type: 'pipeline.couple',
          message: existing
            ? `${actorName(actor)} moved ${app} from ${
                existing.stage
              } to ${stage} in pipeline ${name}`
            : `${actorName(
                actor,
              )} coupled ${app} to pipeline ${name} as ${stage}`,
          actor,
          createdAt: now,
          details: {
            pipeline: name,
            stage,
            ...(existing ? { from: existing.stage } : {}),
          },
        });
        return true;
      })
      .catch(error => {
        if (isUniqueViolation(error)) {
          throw new ConflictError(
            `App "${app}" was just coupled to a pipeline; try again`,
          );
        }
        throw error;
      });
    if (changed) {
      await this.ctx.publishAppChange('updated', app);
      await this.ctx.pipelineChanged?.(name);
    }
    return this.get(credentials, name);
  }

  /** `DELETE /pipelines/:name/apps/:app`. Needs update on the pipeline (the app itself does not change). */
  async decouple(
    credentials: BackstageCredentials,
    name: string,
    app: string,
  ): Promise<void> {
    await this.load(credentials, name, slipwayPipelineUpdatePermission);
    const actor = actorOf(credentials);
    const now = this.ctx.now().toISOString();
    await this.ctx.ledger.transaction(async tx => {
      const existing = await tx.pipelines.couplingOf(app);
      if (existing?.pipeline !== name) {
        throw new NotFoundError(`App "${app}" is not in pipeline "${name}"`);
      }
      await tx.pipelines.decouple(app);
      await tx.events.append({
        app,
        type: 'pipeline.decouple',
        message: `${actorName(actor)} decoupled ${app} from pipeline ${name}`,
        actor,
        createdAt: now,
        details: { pipeline: name, stage: existing.stage },
      });
    });
    await this.ctx.publishAppChange('updated', app);
    await this.ctx.pipelineChanged?.(name);
  }

  /** Loads a pipeline, or throws 404; then 403 unless the caller may do `permission` to it. */
  private async load(
    credentials: BackstageCredentials,
    name: string,
    permission: SlipwayPipelinePermission,
  ): Promise<PipelineRecord> {
    const pipeline = await this.ctx.ledger.pipelines.get(name);
    if (!pipeline) throw new NotFoundError(`Pipeline "${name}" not found`);
    await this.ctx.pipelineAuthorizer.require(credentials, permission, name);
    return pipeline;
  }

  /** The coupled apps of `pipelines` with their current release, build and status. */
  private async appsOf(
    pipelines: string[],
  ): Promise<{ pipeline: string; view: PipelineApp }[]> {
    const { ledger } = this.ctx;
    const couplings: CouplingRecord[] = await ledger.pipelines.couplings(
      pipelines,
    );
    const names = couplings.map(c => c.app);
    const current = await ledger.releases.currentOf(names);
    const newest = new Map(
      await Promise.all(
        names.map(async n => [n, await ledger.releases.latest(n)] as const),
      ),
    );
    const builds = new Map(
      (
        await ledger.builds.getMany(
          [...current.values()].flatMap(r => (r.buildId ? [r.buildId] : [])),
        )
      ).map(b => [b.id, b]),
    );
    return couplings.map(c => ({
      pipeline: c.pipeline,
      view: pipelineAppView(c, current.get(c.app), newest.get(c.app), builds),
    }));
  }
}
