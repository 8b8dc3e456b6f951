import type { Knex } from 'knex';
import type { PromotionStatus } from '@slipway/plugin-slipway-common';
import type { PromotionRecord } from './types';

type PromotionRow = {
  id: string;
  pipeline: string;
  source: string;
  source_version: number;
  build_id: string;
  target: string;
  status: string;
  pending_target: string | null;
  requested_by: string;
  requested_at: string;
  expires_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  version: number | null;
};

const TABLE = 'slipway_promotions';

/**
 * Stores promotions. A pending promotion holds `pending_target` = its target, which is UNIQUE, so a
 * target never has two pending promotions (a newer one supersedes the older one first).
 */
export class PromotionStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async get(id: string): Promise<PromotionRecord | undefined> {
    const row = await this.db<PromotionRow>(TABLE).where({ id }).first();
    return row && toRecord(row);
  }

  async pendingFor(target: string): Promise<PromotionRecord | undefined> {
    const row = await this.db<PromotionRow>(TABLE)
      .where({ pending_target: target })
      .first();
    return row && toRecord(row);
  }

  /** Pending promotions of a pipeline, oldest first. */
  async pendingIn(pipeline: string): Promise<PromotionRecord[]> {
    const rows = await this.db<PromotionRow>(TABLE)
      .where({ pipeline, status: 'pending' })
      .orderBy([
        { column: 'requested_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toRecord);
  }

  /** The newest decided promotions of a pipeline, newest first (the Pipeline page's history). */
  async decidedIn(pipeline: string, limit: number): Promise<PromotionRecord[]> {
    const rows = await this.db<PromotionRow>(TABLE)
      .where({ pipeline })
      .whereNot({ status: 'pending' })
      .orderBy([
        { column: 'decided_at', order: 'desc' },
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toRecord);
  }

  /** Pending promotions whose approval window closed at or before `now`. */
  async expiredBy(now: string): Promise<PromotionRecord[]> {
    const rows = await this.db<PromotionRow>(TABLE)
      .where({ status: 'pending' })
      .where('expires_at', '<=', now)
      .orderBy('expires_at');
    return rows.map(toRecord);
  }

  async insert(promotion: PromotionRecord): Promise<void> {
    await this.db<PromotionRow>(TABLE).insert({
      id: promotion.id,
      pipeline: promotion.pipeline,
      source: promotion.source,
      source_version: promotion.sourceVersion,
      build_id: promotion.buildId,
      target: promotion.target,
      status: promotion.status,
      pending_target: promotion.status === 'pending' ? promotion.target : null,
      requested_by: promotion.requestedBy,
      requested_at: promotion.requestedAt,
      expires_at: promotion.expiresAt ?? null,
      decided_by: promotion.decidedBy ?? null,
      decided_at: promotion.decidedAt ?? null,
      version: promotion.version ?? null,
    });
  }

  /** Ends a pending promotion; returns false when it was no longer pending (someone else decided). */
  async decide(
    id: string,
    decision: {
      status: Exclude<PromotionStatus, 'pending'>;
      decidedBy: string;
      decidedAt: string;
      version?: number;
    },
  ): Promise<boolean> {
    const count = await this.db<PromotionRow>(TABLE)
      .where({ id, status: 'pending' })
      .update({
        status: decision.status,
        pending_target: null,
        decided_by: decision.decidedBy,
        decided_at: decision.decidedAt,
        version: decision.version ?? null,
      });
    return count === 1;
  }

  /** Forgets the promotions of a destroyed app (its releases are gone too). */
  async deleteApp(app: string): Promise<void> {
    await this.db<PromotionRow>(TABLE)
      .where({ source: app })
      .orWhere({ target: app })
      .delete();
  }

  async deletePipeline(pipeline: string): Promise<void> {
    await this.db<PromotionRow>(TABLE).where({ pipeline }).delete();
  }
}

function toRecord(row: PromotionRow): PromotionRecord {
  return {
    id: row.id,
    pipeline: row.pipeline,
    source: row.source,
    sourceVersion: Number(row.source_version),
    buildId: row.build_id,
    target: row.target,
    status: row.status as PromotionStatus,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at ? { decidedAt: row.decided_at } : {}),
    ...(row.version !== null && row.version !== undefined
      ? { version: Number(row.version) }
      : {}),
  };
}
