import type { Knex } from 'knex';
import type { TokenRecord } from './types';

type TokenRow = {
  id: string;
  app: string;
  token_hash: string;
  description: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
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
      expires_at: token.expiresAt,
    });
  }

  /**
   * Records a use of a token, at most once per minute (`at` is cut to the minute), so that
   * the pushes and fetches of a busy token do not each write.
   */
  /**
   * Records a use at `at`, at most once a minute (the first use of each minute is kept as it
   * was: truncating it to the minute showed uses before the token was created).
   */
  async touch(id: string, at: string): Promise<void> {
    const minute = `${at.slice(0, 16)}:00.000Z`;
    await this.db<TokenRow>(TABLE)
      .where({ id })
      .andWhere(q =>
        q.whereNull('last_used_at').orWhere('last_used_at', '<', minute),
      )
      .update({ last_used_at: at });
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
    // Tokens are refused without an expiry; the migration gave old ones one.
    expiresAt: row.expires_at ?? row.created_at,
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
  };
}
