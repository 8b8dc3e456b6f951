import type { Knex } from 'knex';
import type { DomainRecord } from './types';

type DomainRow = {
  domain: string;
  app: string;
  cert: string | null;
  created_by: string;
  created_at: string;
};

const TABLE = 'slipway_domains';

/** Stores custom domains; the primary key keeps a domain unique across apps. */
export class DomainStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async get(domain: string): Promise<DomainRecord | undefined> {
    const row = await this.db<DomainRow>(TABLE).where({ domain }).first();
    return row && toRecord(row);
  }

  /** Domains of one app, or of all apps, sorted by domain. */
  async list(app?: string): Promise<DomainRecord[]> {
    const query = this.db<DomainRow>(TABLE).orderBy('domain');
    if (app !== undefined) query.where({ app });
    return (await query).map(toRecord);
  }

  /** Domains of each of `apps`, sorted by domain. */
  async listOf(apps: string[]): Promise<DomainRecord[]> {
    if (apps.length === 0) return [];
    const rows = await this.db<DomainRow>(TABLE)
      .whereIn('app', apps)
      .orderBy('domain');
    return rows.map(toRecord);
  }

  async insert(domain: DomainRecord): Promise<void> {
    await this.db<DomainRow>(TABLE).insert({
      domain: domain.domain,
      app: domain.app,
      cert: domain.cert ?? null,
      created_by: domain.createdBy,
      created_at: domain.createdAt,
    });
  }

  async setCert(domain: string, cert: string | undefined): Promise<void> {
    await this.db<DomainRow>(TABLE)
      .where({ domain })
      .update({ cert: cert ?? null });
  }

  async detachCert(app: string, cert: string): Promise<void> {
    await this.db<DomainRow>(TABLE).where({ app, cert }).update({ cert: null });
  }

  async delete(domain: string): Promise<void> {
    await this.db<DomainRow>(TABLE).where({ domain }).delete();
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<DomainRow>(TABLE).where({ app }).delete();
  }
}

function toRecord(row: DomainRow): DomainRecord {
  return {
    app: row.app,
    domain: row.domain,
    ...(row.cert ? { cert: row.cert } : {}),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
