import type { Knex } from 'knex';
import type { TokenRecord } from './types';

type TokenRow = {
  id: string;
  app: string;
  token_hash: string;
  description: string;
  created_by: string;
  created_at: string;
};

const TABLE = 'slipway_tokens';

/** Stores deploy tokens by their sha256; the token itself is never stored. */
export class TokenStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async list(app: string): Promise<TokenRecord[]> {
    const rows = await this.db<TokenRow>(TABLE)
      .where({ app })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toRecord);
  }

  async get(app: string, id: string): Promise<TokenRecord | undefined> {
    const row = await this.db<TokenRow>(TABLE).where({ app, id }).first();
    return row && toRecord(row);
  }

  async findByHash(
    app: string,
    tokenHash: string,
  ): Promise<TokenRecord | undefined> {
    const row = await this.db<TokenRow>(TABLE)
      .where({ app, token_hash: tokenHash })
      .first();
    return row && toRecord(row);
  }

  async insert(token: TokenRecord & { tokenHash: string }): Promise<void> {
    await this.db<TokenRow>(TABLE).insert({
      id: token.id,
      app: token.app,
      token_hash: token.tokenHash,
      description: token.description,
      created_by: token.createdBy,
      created_at: token.createdAt,
    });
  }

  async delete(app: string, id: string): Promise<void> {
    await this.db<TokenRow>(TABLE).where({ app, id }).delete();
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<TokenRow>(TABLE).where({ app }).delete();
  }
}

function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    app: row.app,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
