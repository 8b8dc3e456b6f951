import type { Knex } from 'knex';
import { readPage, type PageOf, type PageRequest } from './keyset';
import type { EventRecord, NewEvent } from './types';
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
  async list(app: string, page: PageRequest): Promise<PageOf<EventRecord>> {
    const result = await readPage<EventRow>(
      this.db<EventRow>(TABLE).where({ app }),
      { columns: ['id'], order: 'desc', keyOf: row => [Number(row.id)] },
      page,
    );
    return {
      ...result,
      items: result.items.map(row => ({
        id: Number(row.id),
        app: row.app,
        type: row.type,
        message: row.message,
        actor: row.actor,
        createdAt: row.created_at,
        ...(row.details ? { details: fromJson(row.details, {}) } : {}),
      })),
    };
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<EventRow>(TABLE).where({ app }).delete();
  }
}
