import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type Promotion,
  type PromotionResult,
} from '@slipway/plugin-slipway-common';
import { randomUUID } from 'node:crypto';
import type {
  AppRecord,
  BuildRecord,
  CouplingRecord,
  Ledger,
  PromotionRecord,
} from '../ledger';
import { actorOf, loadApp } from '../services/context';
import { actorName } from '../domain/names';
import type { RequestBody } from '../services/requests';
import { withDefaults } from '../domain/defaults';
import type { PipelineContext } from './context';
import {
  promoteBuild,
  refuseIfRunning,
  refuseReleasedBuild,
} from './promoteBuild';
import { nextStageApps, stagesAfter } from './stages';
import { promotionView } from './views';

const SYSTEM = 'slipway';

/** What `promote` answers: 201 when every target got a release, 202 when any waits for approval. */
export type PromoteOutcome = {
  status: 201 | 202;
  promotions: PromotionResult[];
};

/**
 * Promotion, as in Heroku Pipelines: the exact build of an app goes to the apps of a later stage,
 * each keeping its own config. Targets with `settings.requireApproval` get a pending promotion
 * instead, which a different user than the requester approves (or rejects) before it expires.
 */
export class PromotionService {
  constructor(private readonly ctx: PipelineContext) {}

  /** `POST /apps/:app/promote {to?}`. */
  async promote(
    credentials: BackstageCredentials,
    sourceName: string,
    input: RequestBody<'Promote'> = {},
  ): Promise<PromoteOutcome> {
    const { ledger } = this.ctx;
    await loadApp(this.ctx, credentials, sourceName, slipwayAppReadPermission);
    const coupling = await ledger.pipelines.couplingOf(sourceName);
    if (!coupling) {
      throw new ConflictError(
        `App "${sourceName}" is not in a pipeline; couple it to one first`,
      );
    }
    const targets = await this.targets(coupling, input.to);
    const source = await ledger.releases.latest(sourceName);
    const build = source?.buildId
      ? await ledger.builds.get(sourceName, source.buildId)
      : undefined;
    if (!source || !build) {
      throw new ConflictError(
        `App "${sourceName}" has no build to promote (v${
          source?.version ?? 1
        } has none)`,
      );
    }
    if (source.status === 'failed') {
      throw new ConflictError(
        `Cannot promote ${sourceName} v${source.version}: it failed${
          source.reason ? ` (${source.reason})` : ''
        }`,
      );
    }
    refuseReleasedBuild(build, sourceName, source.version);
    // Every check before any change: a refusal changes nothing anywhere.
    const apps: AppRecord[] = [];
    for (const target of targets) {
      apps.push(
        await loadApp(
          this.ctx,
          credentials,
          target,
          slipwayAppUpdatePermission,
        ),
      );
    }
    for (const target of targets) await refuseIfRunning(ledger, target, build);
    await this.expireDue();
    // Asking again for what already waits would only notify the approvers again (a member could
    // flood their team with "Approve?"): the pending request stands.
    for (const app of apps) {
      if (!withDefaults(app.settings).requireApproval) continue;
      const pending = await ledger.promotions.pendingFor(app.name);
      if (pending?.buildId === build.id) {
        throw new ConflictError(
          `The promotion of this build to ${
            app.name
          } already waits for approval (promotion ${
            pending.id
          }, requested by ${actorName(pending.requestedBy)})`,
        );
      }
    }

    const actor = actorOf(credentials);
    const now = this.ctx.now();
    const at = now.toISOString();
    const superseded: PromotionRecord[] = [];
    const requested: PromotionRecord[] = [];
    const results = await ledger.transaction(async tx => {
      const out: PromotionResult[] = [];
      for (const app of apps) {
        const promotion: PromotionRecord = {
          id: randomUUID(),
          pipeline: coupling.pipeline,
          source: sourceName,
          sourceVersion: source.version,
          buildId: build.id,
          target: app.name,
          status: 'pending',
          requestedBy: actor,
          requestedAt: at,
        };
        // The app's row first, as every release append (an approval too) takes it before its
        // promotion's row: the other order deadlocks with an approval of the pending request.
        await tx.apps.lockForUpdate(app.name);
        // A newer promotion supersedes a pending one, also when it needs no approval (approval
        // was turned off meanwhile): approving the older request later would roll the app back.
        const older = await tx.promotions.pendingFor(app.name);
        if (older) {
          await tx.promotions.decide(older.id, {
            status: 'superseded',
            decidedBy: actor,
            decidedAt: at,
          });
          await tx.events.append({
            app: app.name,
            type: 'promotion.supersede',
            message: `${actorName(actor)}'s promotion from ${sourceName} v${
              source.version
            } superseded the one ${actorName(
              older.requestedBy,
            )} requested from ${older.source} v${older.sourceVersion}`,
            actor,
            createdAt: at,
            details: { promotion: older.id, by: promotion.id },
          });
          superseded.push({
            ...older,
            status: 'superseded',
            decidedBy: actor,
            decidedAt: at,
          });
        }
        if (withDefaults(app.settings).requireApproval) {
          promotion.expiresAt = new Date(
            now.getTime() + this.ctx.approvalTimeoutMs,
          ).toISOString();
          await tx.promotions.insert(promotion);
          await this.recordOnBothSides(
            tx,
            promotion,
            build,
            'promotion.request',
            `requested approval to promote`,
          );
          requested.push(promotion);
          out.push({ id: promotion.id, app: app.name, status: 'pending' });
        } else {
          const release = await promoteBuild(tx, {
            target: app.name,
            source: sourceName,
            sourceVersion: source.version,
            build,
            actor,
            now: this.ctx.now,
          });
          promotion.status = 'promoted';
          promotion.decidedBy = actor;
          promotion.decidedAt = at;
          promotion.version = release.version;
          await tx.promotions.insert(promotion);
          await this.recordOnBothSides(
            tx,
            promotion,
            build,
            'promotion.create',
            'promoted',
          );
          out.push({
            id: promotion.id,
            app: app.name,
            version: release.version,
            status: release.status,
          });
        }
      }
      return out;
    });
    for (const r of results) if (r.version) this.ctx.reconciler.schedule(r.app);
    for (const p of superseded) await this.closed(p);
    for (const p of requested) {
      const app = apps.find(a => a.name === p.target)!;
      await this.ctx.notifier.approvalRequested(p, app.owner);
    }
    await this.ctx.pipelineChanged?.(coupling.pipeline);
    return { status: requested.length > 0 ? 202 : 201, promotions: results };
  }

  /** `POST /promotions/:id/approve`: makes the target's release. Never by the requester. */
  async approve(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<PromotionResult> {
    const promotion = await this.decidable(credentials, id, 'approve');
    const actor = actorOf(credentials);
    const { ledger } = this.ctx;
    const build = await ledger.builds.get(promotion.source, promotion.buildId);
    const coupling = await ledger.pipelines.couplingOf(promotion.target);
    if (!build || coupling?.pipeline !== promotion.pipeline) {
      throw new ConflictError(
        `Promotion ${id} can no longer be approved: ${
          build
            ? `${promotion.target} left pipeline ${promotion.pipeline}`
            : 'its build is gone'
        }`,
      );
    }
    const at = this.ctx.now().toISOString();
    const release = await ledger.transaction(async tx => {
      const made = await promoteBuild(tx, {
        target: promotion.target,
        source: promotion.source,
        sourceVersion: promotion.sourceVersion,
        build,
        actor,
        now: this.ctx.now,
      });
      const decided = await tx.promotions.decide(id, {
        status: 'approved',
        decidedBy: actor,
        decidedAt: at,
        version: made.version,
      });
      if (!decided)
        throw new ConflictError(`Promotion ${id} was decided meanwhile`);
      await this.recordOnBothSides(
        tx,
        { ...promotion, version: made.version },
        build,
        'promotion.approve',
        `approved ${actorName(promotion.requestedBy)}'s promotion of`,
        actor,
      );
      return made;
    });
    this.ctx.reconciler.schedule(promotion.target);
    await this.closed({
      ...promotion,
      status: 'approved',
      decidedBy: actor,
      decidedAt: at,
      version: release.version,
    });
    return {
      id,
      app: promotion.target,
      version: release.version,
      status: release.status,
    };
  }

  /** `POST /promotions/:id/reject`: ends a pending promotion. Never by the requester either. */
  async reject(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<Promotion> {
    const promotion = await this.decidable(credentials, id, 'reject');
    return this.end(credentials, promotion, 'rejected', 'promotion.reject');
  }

  /**
   * `POST /promotions/:id/withdraw`: the requester ends their own pending promotion, so a request
   * nobody can or will approve never has to wait for its expiry. Only the requester (403).
   */
  async withdraw(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<Promotion> {
    const promotion = await this.pending(
      credentials,
      id,
      slipwayAppReadPermission,
    );
    if (actorOf(credentials) !== promotion.requestedBy) {
      throw new NotAllowedError(
        `Only ${actorName(
          promotion.requestedBy,
        )}, who requested this promotion, may withdraw it; reject it instead`,
      );
    }
    return this.end(credentials, promotion, 'withdrawn', 'promotion.withdraw');
  }

  /** Ends a pending promotion without a release: recorded on both apps, told to those it concerns. */
  private async end(
    credentials: BackstageCredentials,
    promotion: PromotionRecord,
    status: 'rejected' | 'withdrawn',
    type: string,
  ): Promise<Promotion> {
    const actor = actorOf(credentials);
    const at = this.ctx.now().toISOString();
    const build = await this.ctx.ledger.builds.get(
      promotion.source,
      promotion.buildId,
    );
    await this.ctx.ledger.transaction(async tx => {
      const decided = await tx.promotions.decide(promotion.id, {
        status,
        decidedBy: actor,
        decidedAt: at,
      });
      if (!decided)
        throw new ConflictError(
          `Promotion ${promotion.id} was decided meanwhile`,
        );
      await this.recordOnBothSides(
        tx,
        promotion,
        build,
        type,
        status === 'rejected'
          ? `rejected ${actorName(promotion.requestedBy)}'s promotion of`
          : 'withdrew the promotion of',
        actor,
      );
    });
    const ended: PromotionRecord = {
      ...promotion,
      status,
      decidedBy: actor,
      decidedAt: at,
    };
    await this.closed(ended);
    return promotionView(ended, build);
  }

  /**
   * After a decision: the approvers' "Approve?" notification is replaced by what happened (same
   * scope), the requester is told (not of their own withdrawal), open Pipeline pages refetch.
   */
  private async closed(promotion: PromotionRecord): Promise<void> {
    const target = await this.ctx.ledger.apps.get(promotion.target);
    if (target) await this.ctx.notifier.approvalClosed(promotion, target.owner);
    if (promotion.status !== 'withdrawn') {
      await this.ctx.notifier.promotionDecided(promotion);
    }
    await this.ctx.pipelineChanged?.(promotion.pipeline);
  }

  /** `GET /promotions/:id`: for callers who may read the target app. */
  async get(credentials: BackstageCredentials, id: string): Promise<Promotion> {
    await this.expireDue();
    const promotion = await this.find(id);
    await this.ctx.authorizer.require(
      credentials,
      slipwayAppReadPermission,
      promotion.target,
    );
    const build = await this.ctx.ledger.builds.get(
      promotion.source,
      promotion.buildId,
    );
    return promotionView(promotion, build);
  }

  /** Pending promotions of a pipeline (the caller may read the pipeline). */
  async pendingIn(pipeline: string): Promise<Promotion[]> {
    await this.expireDue();
    const pending = await this.ctx.ledger.promotions.pendingIn(pipeline);
    const builds = await Promise.all(
      pending.map(p => this.ctx.ledger.builds.get(p.source, p.buildId)),
    );
    return pending.map((p, i) => promotionView(p, builds[i]));
  }

  /** The pipeline's newest decided promotions (the caller may read the pipeline). */
  async historyOf(pipeline: string): Promise<Promotion[]> {
    const decided = await this.ctx.ledger.promotions.decidedIn(pipeline, 20);
    const builds = await Promise.all(
      decided.map(p => this.ctx.ledger.builds.get(p.source, p.buildId)),
    );
    return decided.map((p, i) => promotionView(p, builds[i]));
  }

  /**
   * Expires pending promotions whose approval window has closed: recorded on both apps, in the
   * audit log, and told to the requester. Runs on a schedule and before every decision.
   */
  async expireDue(): Promise<number> {
    const at = this.ctx.now().toISOString();
    const due = await this.ctx.ledger.promotions.expiredBy(at);
    let expired = 0;
    for (const promotion of due) {
      const build = await this.ctx.ledger.builds.get(
        promotion.source,
        promotion.buildId,
      );
      const done = await this.ctx.ledger.transaction(async tx => {
        if (
          !(await tx.promotions.decide(promotion.id, {
            status: 'expired',
            decidedBy: SYSTEM,
            decidedAt: at,
          }))
        ) {
          return false;
        }
        await this.recordOnBothSides(
          tx,
          promotion,
          build,
          'promotion.expire',
          `'s request expired: nobody approved the promotion of`,
          SYSTEM,
        );
        return true;
      });
      if (!done) continue;
      expired++;
      const event = await this.ctx.auditor?.createEvent({
        eventId: 'promotion-expire',
        severityLevel: 'medium',
        meta: { promotion: promotion.id, app: promotion.target },
      });
      await event?.success();
      await this.closed({
        ...promotion,
        status: 'expired',
        decidedBy: SYSTEM,
        decidedAt: at,
      });
    }
    return expired;
  }

  /** A pending promotion the caller may decide: 404, 403 (no update on the target, or the requester), 409. */
  private async decidable(
    credentials: BackstageCredentials,
    id: string,
    verb: 'approve' | 'reject',
  ): Promise<PromotionRecord> {
    const promotion = await this.pending(
      credentials,
      id,
      slipwayAppUpdatePermission,
    );
    if (actorOf(credentials) === promotion.requestedBy) {
      throw new NotAllowedError(
        `You requested this promotion; a different user must ${verb} it`,
      );
    }
    return promotion;
  }

  /** A pending promotion, after expiring due ones: 404, 403 (`permission` on the target), 409. */
  private async pending(
    credentials: BackstageCredentials,
    id: string,
    permission:
      | typeof slipwayAppReadPermission
      | typeof slipwayAppUpdatePermission,
  ): Promise<PromotionRecord> {
    await this.expireDue();
    const promotion = await this.find(id);
    await this.ctx.authorizer.require(
      credentials,
      permission,
      promotion.target,
    );
    if (promotion.status !== 'pending') {
      throw new ConflictError(
        `Promotion ${id} is ${promotion.status}, not pending`,
      );
    }
    return promotion;
  }

  private async find(id: string): Promise<PromotionRecord> {
    const promotion =
      typeof id === 'string' && id.length <= 64
        ? await this.ctx.ledger.promotions.get(id)
        : undefined;
    if (!promotion)
      throw new NotFoundError(
        `Promotion "${String(id).slice(0, 64)}" not found`,
      );
    return promotion;
  }

  /** The explicit targets of a promotion: apps of the same pipeline in a later stage. */
  private async targets(
    source: CouplingRecord,
    to: string[] | undefined,
  ): Promise<string[]> {
    const couplings = await this.ctx.ledger.pipelines.couplings([
      source.pipeline,
    ]);
    if (to === undefined) {
      const next = nextStageApps(couplings, source.stage);
      if (next.length === 0) {
        throw new ConflictError(
          `Pipeline "${source.pipeline}" has no app in a stage after ${source.stage}`,
        );
      }
      return next.map(c => c.app);
    }
    const later = stagesAfter(source.stage);
    for (const target of to) {
      const coupling = couplings.find(c => c.app === target);
      if (!coupling || !later.includes(coupling.stage)) {
        throw new InputError(
          `"${target.slice(0, 40)}" is not an app of pipeline "${
            source.pipeline
          }" in a stage after ${source.stage}`,
        );
      }
    }
    return [...new Set(to)].sort();
  }

  /** The same change recorded as an event of the target and of the source. */
  private async recordOnBothSides(
    tx: Ledger,
    p: PromotionRecord,
    build: Pick<BuildRecord, 'image' | 'sha'> | undefined,
    type: string,
    verb: string,
    actor = p.requestedBy,
  ): Promise<void> {
    const what = build?.sha ? build.sha.slice(0, 7) : build?.image ?? p.buildId;
    const who = actor === SYSTEM ? actorName(p.requestedBy) : actorName(actor);
    const message = `${who}${
      verb.startsWith("'") ? '' : ' '
    }${verb} ${what} from ${p.source} v${p.sourceVersion} to ${p.target}${
      p.version ? ` (v${p.version})` : ''
    }`;
    const details = {
      promotion: p.id,
      pipeline: p.pipeline,
      source: p.source,
      sourceVersion: p.sourceVersion,
      target: p.target,
      ...(p.version ? { version: p.version } : {}),
    };
    const createdAt = this.ctx.now().toISOString();
    for (const app of [p.target, p.source]) {
      await tx.events.append({ app, type, message, actor, createdAt, details });
    }
  }
}
