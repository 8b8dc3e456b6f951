import type { Knex } from 'knex';
import type { EventRecord, NewEvent, PageOptions } from './types';
import { fromJson, toJson } from './json';

type EventRow = {
  id: number;
  app: string;
  type: string;
  message: string;
  actor: string;
  created_at: string;
  details: string | null;
};

const TABLE = 'slipway_events';

/** Stores the audit trail of each app. */
export class EventStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async append(event: NewEvent): Promise<void> {
    await this.db<EventRow>(TABLE).insert({
      app: event.app,
      type: event.type,
      message: event.message,
      actor: event.actor,
      created_at: event.createdAt ?? new Date().toISOString(),
      details: event.details ? toJson(event.details) : null,
    });
  }

  /** Events of an app, newest first. */
  async list(
    app: string,
    page: PageOptions,
  ): Promise<{ items: EventRecord[]; total: number }> {
    const [rows, [{ count }]] = await Promise.all([
      this.db<EventRow>(TABLE)
        .where({ app })
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit),
      this.db(TABLE).where({ app }).count({ count: '*' }),
    ]);
    return {
      items: rows.map(row => ({
        id: Number(row.id),
        app: row.app,
        type: row.type,
        message: row.message,
        actor: row.actor,
        createdAt: row.created_at,
        ...(row.details ? { details: fromJson(row.details, {}) } : {}),
      })),
      total: Number(count),
    };
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<EventRow>(TABLE).where({ app }).delete();
  }
}
