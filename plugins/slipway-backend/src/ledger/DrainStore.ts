import type { Knex } from 'knex';
import type { SecretBox } from '../crypto';
import type { DrainRecord } from './types';

type DrainRow = {
  id: string;
  app: string;
  url: string;
  display: string;
  created_by: string;
  created_at: string;
};

const TABLE = 'slipway_log_drains';

/** Stores log drains; their URLs are encrypted at rest. */
export class DrainStore {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly box: SecretBox,
  ) {}

  async insert(drain: DrainRecord): Promise<void> {
    await this.db<DrainRow>(TABLE).insert({
      id: drain.id,
      app: drain.app,
      url: this.box.encrypt(drain.url),
      display: drain.display,
      created_by: drain.createdBy,
      created_at: drain.createdAt,
    });
  }

  /**
   * Takes the app's row lock until the transaction ends (a no-op write: a row lock on
   * PostgreSQL, the write lock on SQLite), so a count of its drains stays true until the insert.
   * Call inside `Ledger.transaction`.
   */
  async lockApp(app: string): Promise<void> {
    await this.db('slipway_apps').where({ name: app }).update({ name: app });
  }

  /** An app's drains (every app's without `app`), oldest first. */
  async list(app?: string): Promise<DrainRecord[]> {
    const query = this.db<DrainRow>(TABLE).orderBy([
      { column: 'created_at' },
      { column: 'id' },
    ]);
    if (app !== undefined) query.where({ app });
    return (await query).map(row => ({
      id: row.id,
      app: row.app,
      url: this.box.decrypt(row.url),
      display: row.display,
      createdBy: row.created_by,
      createdAt: row.created_at,
    }));
  }

  /** Whether there was such a drain. */
  async delete(app: string, id: string): Promise<boolean> {
    return (await this.db<DrainRow>(TABLE).where({ app, id }).delete()) > 0;
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<DrainRow>(TABLE).where({ app }).delete();
  }
}
