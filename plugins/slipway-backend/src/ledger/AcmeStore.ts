import type { Knex } from 'knex';
import type { SecretBox } from '../crypto';
import type { AcmeDomainRecord, AcmeState } from './types';

type DomainRow = {
  domain: string;
  app: string;
  state: string;
  cert: string | null;
  not_after: string | null;
  next_renewal: string | null;
  last_error: string | null;
  failures: number;
  updated_at: string;
};

type AccountRow = {
  directory_url: string;
  email: string | null;
  private_key: string;
  created_at: string;
};

const DOMAINS = 'slipway_acme_domains';
const ACCOUNTS = 'slipway_acme_accounts';

/** Stores automatic certificates' state per domain, and ACME account keys (encrypted). */
export class AcmeStore {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly box: SecretBox,
  ) {}

  async get(domain: string): Promise<AcmeDomainRecord | undefined> {
    const row = await this.db<DomainRow>(DOMAINS).where({ domain }).first();
    return row && toRecord(row);
  }

  /** Every domain's state, or those of `apps`, sorted by domain. */
  async list(apps?: string[]): Promise<AcmeDomainRecord[]> {
    const query = this.db<DomainRow>(DOMAINS).orderBy('domain');
    if (apps) query.whereIn('app', apps);
    return (await query).map(toRecord);
  }

  async put(record: AcmeDomainRecord): Promise<void> {
    const row: DomainRow = {
      domain: record.domain,
      app: record.app,
      state: record.state,
      cert: record.cert ?? null,
      not_after: record.notAfter ?? null,
      next_renewal: record.nextRenewal ?? null,
      last_error: record.lastError ?? null,
      failures: record.failures ?? 0,
      updated_at: record.updatedAt,
    };
    await this.db<DomainRow>(DOMAINS).insert(row).onConflict('domain').merge();
  }

  async delete(domain: string): Promise<void> {
    await this.db<DomainRow>(DOMAINS).where({ domain }).delete();
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<DomainRow>(DOMAINS).where({ app }).delete();
  }

  /** The account key (PEM, decrypted) registered with the directory, if any. */
  async accountKey(directoryUrl: string): Promise<string | undefined> {
    const row = await this.db<AccountRow>(ACCOUNTS)
      .where({ directory_url: directoryUrl })
      .first();
    return row && this.box.decrypt(row.private_key);
  }

  /** Keeps the first key stored for a directory (two instances racing agree on one). */
  async putAccountKey(
    directoryUrl: string,
    email: string | undefined,
    key: string,
    createdAt: string,
  ): Promise<void> {
    await this.db<AccountRow>(ACCOUNTS)
      .insert({
        directory_url: directoryUrl,
        email: email ?? null,
        private_key: this.box.encrypt(key),
        created_at: createdAt,
      })
      .onConflict('directory_url')
      .ignore();
  }
}

function toRecord(row: DomainRow): AcmeDomainRecord {
  return {
    domain: row.domain,
    app: row.app,
    state: row.state as AcmeState,
    ...(row.cert ? { cert: row.cert } : {}),
    ...(row.not_after ? { notAfter: row.not_after } : {}),
    ...(row.next_renewal ? { nextRenewal: row.next_renewal } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    ...(row.failures ? { failures: Number(row.failures) } : {}),
    updatedAt: row.updated_at,
  };
}
