import type { Knex } from 'knex';
import type { AppHealth, AppSort } from '@slipway/plugin-slipway-common';
import type { AppFilter, AppQuery, AppRecord } from './types';
import { fromJson, toJson } from './json';
import { readPage, type PageOf, type PageRequest } from './keyset';

type AppRow = {
  name: string;
  owner: string;
  cluster: string;
  structure: string;
  settings: string;
  created_at: string;
  updated_at: string;
  release_status?: string;
  deployed_at?: string;
  health?: string;
  health_since?: string | null;
  description?: string | null;
};

const TABLE = 'slipway_apps';

/** The column each sort reads; each has a (column, name) index, and name breaks ties. */
const SORT_COLUMNS: Record<AppSort, keyof AppRow> = {
  name: 'name',
  owner: 'owner',
  deployedAt: 'deployed_at',
  status: 'release_status',
  health: 'health',
};

/** Stores apps. */
export class AppStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /**
   * Locks the app's row until the transaction ends, so that writers of one app (on any replica)
   * take turns instead of colliding. PostgreSQL only: SQLite runs one write transaction at a time.
   */
  async lockForUpdate(name: string): Promise<void> {
    if (this.db.client.config.client !== 'pg') return;
    await this.db<AppRow>(TABLE).where({ name }).forUpdate().first('name');
  }

  async get(name: string): Promise<AppRecord | undefined> {
    const row = await this.db<AppRow>(TABLE).where({ name }).first();
    return row && toRecord(row);
  }

  async getMany(names: string[]): Promise<AppRecord[]> {
    if (names.length === 0) return [];
    const rows = await this.db<AppRow>(TABLE).whereIn('name', names);
    return rows.map(toRecord);
  }

  /** Apps sorted by name, optionally only those matching `filter`. */
  async list(filter?: AppFilter): Promise<AppRecord[]> {
    const query = this.db<AppRow>(TABLE).orderBy('name');
    if (filter) query.where(builder => applyFilter(builder, filter));
    return (await query).map(toRecord);
  }

  /**
   * One page of apps, of those matching the caller's `filter` and the `query`, in the query's
   * order (by name unless it says otherwise). Status and health are columns of the app (kept
   * by the release store and the health monitor), so every order and filter reads an index.
   */
  async page(
    filter: AppFilter | undefined,
    query: AppQuery,
    page: PageRequest,
  ): Promise<PageOf<AppRecord>> {
    const apps = this.db<AppRow>(TABLE);
    if (filter) apps.where(builder => applyFilter(builder, filter));
    if (query.q) {
      apps.whereRaw(`name like ? escape '\\'`, [`%${escapeLike(query.q)}%`]);
    }
    if (query.owners) apps.whereIn('owner', query.owners);
    if (query.status) apps.where('release_status', query.status);
    if (query.health) apps.where('health', query.health);
    const column = SORT_COLUMNS[query.sort ?? 'name'];
    const columns = column === 'name' ? ['name'] : [column, 'name'];
    const result = await readPage<AppRow>(
      apps,
      {
        columns,
        order: query.order ?? 'asc',
        keyOf: row => columns.map(c => String(row[c as keyof AppRow] ?? '')),
      },
      page,
    );
    return { ...result, items: result.items.map(toRecord) };
  }

  /** Records an observed health; returns whether it changed (`since` is kept while it does not). */
  async setHealth(
    name: string,
    health: AppHealth,
    since: string,
  ): Promise<boolean> {
    const changed = await this.db<AppRow>(TABLE)
      .where({ name })
      .whereNot({ health })
      .update({ health, health_since: since });
    return changed > 0;
  }

  /** Names of apps whose stored health is one of `healths`, for the monitor's sweep. */
  async namesWithHealth(healths: AppHealth[]): Promise<string[]> {
    const rows = await this.db<AppRow>(TABLE)
      .whereIn('health', healths)
      .select('name');
    return rows.map(row => row.name);
  }

  async insert(app: AppRecord): Promise<void> {
    await this.db<AppRow>(TABLE).insert(toRow(app));
  }

  async update(
    name: string,
    changes: Partial<Pick<AppRecord, 'owner' | 'structure' | 'settings'>> & {
      updatedAt: string;
    },
  ): Promise<void> {
    const row: Partial<AppRow> = { updated_at: changes.updatedAt };
    if (changes.owner !== undefined) row.owner = changes.owner;
    if (changes.structure !== undefined)
      row.structure = toJson(changes.structure);
    if (changes.settings !== undefined) row.settings = toJson(changes.settings);
    await this.db<AppRow>(TABLE).where({ name }).update(row);
  }

  async delete(name: string): Promise<void> {
    await this.db<AppRow>(TABLE).where({ name }).delete();
  }
}

/** Narrows a query to rows matching `filter` (its properties are column names). */
export function applyFilter(
  builder: Knex.QueryBuilder,
  filter: AppFilter,
): void {
  if ('property' in filter) {
    if (filter.values.length === 0) builder.whereRaw('1 = 0');
    else builder.whereIn(filter.property, filter.values);
  } else if ('allOf' in filter) {
    for (const f of filter.allOf) builder.andWhere(b => applyFilter(b, f));
  } else if ('anyOf' in filter) {
    if (filter.anyOf.length === 0) builder.whereRaw('1 = 0');
    for (const f of filter.anyOf) builder.orWhere(b => applyFilter(b, f));
  } else {
    builder.whereNot(b => applyFilter(b, filter.not));
  }
}

/** Makes `q` match literally: LIKE's wildcards and the escape character are escaped. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

function toRow(app: AppRecord): AppRow {
  return {
    name: app.name,
    owner: app.owner,
    cluster: app.cluster,
    structure: toJson(app.structure),
    settings: toJson(app.settings),
    created_at: app.createdAt,
    updated_at: app.updatedAt,
    description: app.description ?? null,
  };
}

function toRecord(row: AppRow): AppRecord {
  return {
    name: row.name,
    owner: row.owner,
    cluster: row.cluster,
    structure: fromJson(row.structure, {}),
    settings: fromJson(row.settings, {} as AppRecord['settings']),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.health ? { health: row.health as AppHealth } : {}),
    ...(row.health_since ? { healthSince: row.health_since } : {}),
    ...(row.description ? { description: row.description } : {}),
  };
}
