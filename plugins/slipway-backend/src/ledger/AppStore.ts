import type { Knex } from 'knex';
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
};

const TABLE = 'slipway_apps';

/** Stores apps. */
export class AppStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

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
   * One page of apps sorted by name, of those matching the caller's `filter` and the `query`.
   * The status filter looks at each app's newest release through the (app, version) index.
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
    if (query.status) {
      apps.whereRaw(
        `(select r.status from slipway_releases r where r.app = ${TABLE}.name order by r.version desc limit 1) = ?`,
        [query.status],
      );
    }
    const result = await readPage<AppRow>(
      apps,
      { columns: ['name'], order: 'asc', keyOf: row => [row.name] },
      page,
    );
    return { ...result, items: result.items.map(toRecord) };
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
  };
}
