import type { Knex } from 'knex';
import type { BuildRecord } from './types';
import { fromJson, toJson } from './json';
import { readPage, type PageOf, type PageRequest } from './keyset';

type BuildRow = {
  id: string;
  app: string;
  image: string;
  sha: string | null;
  procfile: string;
  status: string;
  log: string;
  created_by: string;
  created_at: string;
  runner?: string | null;
};

const TABLE = 'slipway_builds';
const SUMMARY_COLUMNS = [
  'id',
  'app',
  'image',
  'sha',
  'procfile',
  'status',
  'created_by',
  'created_at',
] as const;

/**
 * Stores builds. A build is recorded `pending` when it starts (its log grows while it runs, so the portal
 * can show it) and becomes `succeeded` or `failed` once; a finished build never changes again.
 */
export class BuildStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async get(app: string, id: string): Promise<BuildRecord | undefined> {
    const row = await this.db<BuildRow>(TABLE).where({ app, id }).first();
    return row && toRecord(row);
  }

  /** Builds by id, without their logs (a log may be megabytes; lists and releases show none). */
  async getMany(ids: string[]): Promise<Omit<BuildRecord, 'log'>[]> {
    if (ids.length === 0) return [];
    const rows = await this.db<BuildRow>(TABLE)
      .whereIn('id', ids)
      .select(...SUMMARY_COLUMNS);
    return rows.map(row => withoutLog(toRecord({ ...row, log: '' })));
  }

  /** Builds of an app, newest first, without their logs. */
  async list(
    app: string,
    page: PageRequest,
  ): Promise<PageOf<Omit<BuildRecord, 'log'>>> {
    const builds = this.db<BuildRow>(TABLE)
      .where({ app })
      .select(...SUMMARY_COLUMNS);
    const result = await readPage<BuildRow>(
      builds,
      {
        columns: ['created_at', 'id'],
        order: 'desc',
        keyOf: row => [row.created_at, row.id],
      },
      page,
    );
    return {
      ...result,
      items: result.items.map(row => withoutLog(toRecord({ ...row, log: '' }))),
    };
  }

  /** Replaces the log of a build that is still running; false when there is no such running build. */
  async updateLog(app: string, id: string, log: string): Promise<boolean> {
    const updated = await this.db<BuildRow>(TABLE)
      .where({ app, id, status: 'pending' })
      .update({ log });
    return updated > 0;
  }

  /**
   * Records a build: completes the running (`pending`) build with the same id, keeping when it started,
   * or inserts it.
   */
  async insert(build: BuildRecord, runner?: string): Promise<void> {
    if (build.status !== 'pending') {
      const completed = await this.db<BuildRow>(TABLE)
        .where({ app: build.app, id: build.id, status: 'pending' })
        .update({
          image: build.image,
          sha: build.sha ?? null,
          procfile: toJson(build.procfile),
          status: build.status,
          log: build.log,
        });
      if (completed > 0) return;
    }
    await this.db<BuildRow>(TABLE).insert({
      id: build.id,
      app: build.app,
      image: build.image,
      sha: build.sha ?? null,
      procfile: toJson(build.procfile),
      status: build.status,
      log: build.log,
      created_by: build.createdBy,
      created_at: build.createdAt,
      ...(runner ? { runner } : {}),
    });
  }

  /**
   * Pending builds whose runner (a backend instance) no longer holds its `instance:<id>` lease at
   * `now` (epoch ms): it died, so no one will finish them. Builds without a runner (recorded by an
   * older version) are left to `pendingSince`.
   */
  async pendingOfDeadRunners(now: number): Promise<BuildRecord[]> {
    const rows = await this.db<BuildRow>(`${TABLE} as b`)
      .where('b.status', 'pending')
      .whereNotNull('b.runner')
      .whereNotExists(
        this.db('slipway_leases as l')
          .whereRaw(`l.name = 'instance:' || b.runner`)
          .andWhere('l.expires_at', '>', now),
      )
      .select('b.*')
      .orderBy([{ column: 'b.created_at' }, { column: 'b.id' }]);
    return rows.map(toRecord);
  }

  /** Running (`pending`) builds that started before `startedBefore`, oldest first. */
  async pendingSince(startedBefore: string): Promise<BuildRecord[]> {
    const rows = await this.db<BuildRow>(TABLE)
      .where({ status: 'pending' })
      .andWhere('created_at', '<', startedBefore)
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(toRecord);
  }

  /** Fails a build that is still running, appending `reason` to its log; false when it already ended. */
  async fail(app: string, id: string, reason: string): Promise<boolean> {
    const updated = await this.db<BuildRow>(TABLE)
      .where({ app, id, status: 'pending' })
      .update({
        status: 'failed',
        log: this.db.raw('log || ?', [reason]) as unknown as string,
      });
    return updated > 0;
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<BuildRow>(TABLE).where({ app }).delete();
  }

  /** Whether `app` recorded a succeeded build of `image` (a build belongs to its app). */
  async hasImage(app: string, image: string): Promise<boolean> {
    const row = await this.db<BuildRow>(TABLE)
      .where({ app, image, status: 'succeeded' })
      .first('id');
    return Boolean(row);
  }

  /** The distinct images recorded by builds of `app` (e.g. its slugs, to remove with it). */
  async imagesOf(app: string, prefix = ''): Promise<string[]> {
    const rows = await this.db<BuildRow>(TABLE)
      .where({ app })
      .andWhere('image', 'like', `${prefix}%`)
      .distinct('image');
    return rows.map(row => row.image).filter(image => image !== '');
  }

  /** The distinct images recorded by any build of any app, but `exceptApp`'s, starting with `prefix`. */
  async referencedImages(
    prefix: string,
    exceptApp?: string,
  ): Promise<Set<string>> {
    const query = this.db<BuildRow>(TABLE)
      .where('image', 'like', `${prefix}%`)
      .distinct('image');
    if (exceptApp !== undefined) query.whereNot({ app: exceptApp });
    return new Set((await query).map(row => row.image));
  }
}

function toRecord(row: BuildRow): BuildRecord {
  return {
    id: row.id,
    app: row.app,
    image: row.image,
    ...(row.sha ? { sha: row.sha } : {}),
    procfile: fromJson(row.procfile, {}),
    status: row.status as BuildRecord['status'],
    log: row.log,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function withoutLog(build: BuildRecord): Omit<BuildRecord, 'log'> {
  const { log: _log, ...rest } = build;
  return rest;
}
