import type { Knex } from 'knex';
import type { SecretBox } from '../crypto';
import type { CertRecord } from './types';
import { fromJson, toJson } from './json';

type CertRow = {
  app: string;
  name: string;
  certificate: string;
  private_key: string;
  subject: string;
  sans: string;
  issuer: string;
  not_before: string;
  not_after: string;
  fingerprint: string;
  created_by: string;
  created_at: string;
};

const TABLE = 'slipway_certs';
const PUBLIC_COLUMNS: string[] = [
  'app',
  'name',
  'certificate',
  'subject',
  'sans',
  'issuer',
  'not_before',
  'not_after',
  'fingerprint',
  'created_by',
  'created_at',
];

/** Stores TLS certificates. The private key is encrypted and only read by `withKeys` (for routers). */
export class CertStore {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly box: SecretBox,
  ) {}

  async get(app: string, name: string): Promise<CertRecord | undefined> {
    const row = (await this.db(TABLE)
      .where({ app, name })
      .select(PUBLIC_COLUMNS)
      .first()) as CertRow | undefined;
    return row && toRecord(row);
  }

  async list(app: string): Promise<CertRecord[]> {
    const rows = (await this.db(TABLE)
      .where({ app })
      .select(PUBLIC_COLUMNS)
      .orderBy('name')) as CertRow[];
    return rows.map(toRecord);
  }

  /** Every certificate (or those of `apps`) with its decrypted private key, keyed by `app/name`. */
  async withKeys(
    apps?: string[],
  ): Promise<Map<string, CertRecord & { key: string }>> {
    const query = this.db<CertRow>(TABLE).select('*');
    if (apps) query.whereIn('app', apps);
    const rows = await query;
    return new Map(
      rows.map(row => [
        `${row.app}/${row.name}`,
        { ...toRecord(row), key: this.box.decrypt(row.private_key) },
      ]),
    );
  }

  async insert(cert: CertRecord & { key: string }): Promise<void> {
    await this.db<CertRow>(TABLE).insert({
      app: cert.app,
      name: cert.name,
      certificate: cert.certificate,
      private_key: this.box.encrypt(cert.key),
      subject: cert.subject,
      sans: toJson(cert.sans),
      issuer: cert.issuer,
      not_before: cert.notBefore,
      not_after: cert.notAfter,
      fingerprint: cert.fingerprint,
      created_by: cert.createdBy,
      created_at: cert.createdAt,
    });
  }

  async delete(app: string, name: string): Promise<void> {
    await this.db<CertRow>(TABLE).where({ app, name }).delete();
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<CertRow>(TABLE).where({ app }).delete();
  }
}

function toRecord(row: Omit<CertRow, 'private_key'>): CertRecord {
  return {
    app: row.app,
    name: row.name,
    certificate: row.certificate,
    subject: row.subject,
    sans: fromJson(row.sans, []),
    issuer: row.issuer,
    notBefore: row.not_before,
    notAfter: row.not_after,
    fingerprint: row.fingerprint,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
