import type { Knex } from 'knex';
import { readPage, type PageOf, type PageRequest } from './keyset';
import type { EventRecord, NewEvent } from './types';
import { fromJson, toJson } from './json';
import { LogStore } from './LogStore';

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

  /** Records the event, and the platform's line about it among the app's retained logs (same transaction). */
  async append(event: NewEvent): Promise<void> {
    const createdAt = event.createdAt ?? new Date().toISOString();
    await this.db<EventRow>(TABLE).insert({
      app: event.app,
      type: event.type,
      message: event.message,
      actor: event.actor,
      created_at: createdAt,
      details: event.details ? toJson(event.details) : null,
    });
    const version = event.details?.version;
    await new LogStore(this.db).append([
      {
        app: event.app,
        time: createdAt,
        kind: 'platform',
        source: 'slipway',
        ...(typeof version === 'number' ? { release: version } : {}),
        line: `${event.type}: ${event.message}`,
      },
    ]);
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
