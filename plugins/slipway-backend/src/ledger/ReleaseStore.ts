import type { Knex } from 'knex';
import type { Config, ReleaseStatus } from '@slipway/plugin-slipway-common';
import type { SecretBox } from '../crypto';
import { readPage, type PageOf, type PageRequest } from './keyset';
import type {
  ReleasePhaseRecord,
  ReleasePhaseState,
  ReleaseRecord,
  ReleaseMarkerRecord,
} from './types';

type ReleaseRow = {
  id?: number;
  app: string;
  version: number;
  build_id: string | null;
  config: string;
  summary: string;
  created_by: string;
  created_at: string;
  status: string;
  reason: string | null;
  phase?: string | null;
  phase_runner?: string | null;
  phase_started_at?: string | null;
};

const TABLE = 'slipway_releases';

/**
 * Stores the append-only release ledger. The config snapshot is encrypted as a whole,
 * so no config value is ever in the database in plaintext. UNIQUE(app, version) makes
 * concurrent writers of the same version fail (see services/releases/appendRelease).
 */
export class ReleaseStore {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly box: SecretBox,
  ) {}

  async get(app: string, version: number): Promise<ReleaseRecord | undefined> {
    const row = await this.db<ReleaseRow>(TABLE)
      .where({ app, version })
      .first();
    return row && this.toRecord(row);
  }

  async latest(app: string): Promise<ReleaseRecord | undefined> {
    const row = await this.db<ReleaseRow>(TABLE)
      .where({ app })
      .orderBy('version', 'desc')
      .first();
    return row && this.toRecord(row);
  }

  /** Releases of an app, newest first. */
  async list(app: string, page: PageRequest): Promise<PageOf<ReleaseRecord>> {
    const result = await readPage<ReleaseRow>(
      this.db<ReleaseRow>(TABLE).where({ app }),
      {
        columns: ['version'],
        order: 'desc',
        keyOf: row => [Number(row.version)],
      },
      page,
    );
    return { ...result, items: result.items.map(row => this.toRecord(row)) };
  }

  /**
   * Releases created in `[from, to)` (ISO times), oldest first, without their config: the
   * markers of a metrics window. At most `limit`, the newest of them when there are more.
   */
  async createdBetween(
    app: string,
    from: string,
    to: string,
    limit: number,
  ): Promise<ReleaseMarkerRecord[]> {
    const rows = await this.db<ReleaseRow>(TABLE)
      .where({ app })
      .andWhere('created_at', '>=', from)
      .andWhere('created_at', '<', to)
      .orderBy('version', 'desc')
      .limit(limit)
      .select('version', 'created_at', 'status', 'summary');
    return rows.reverse().map(row => ({
      version: Number(row.version),
      createdAt: row.created_at,
      status: row.status as ReleaseMarkerRecord['status'],
      summary: row.summary,
    }));
  }

  /** Releases of `apps` created since `from` (ISO), in version order per app, without their config. */
  async historyOf(
    apps: string[],
    from: string,
  ): Promise<Array<ReleaseMarkerRecord & { app: string; buildId?: string }>> {
    if (apps.length === 0) return [];
    const rows = await this.db<ReleaseRow>(TABLE)
      .whereIn('app', apps)
      .andWhere('created_at', '>=', from)
      .orderBy(['app', 'version'])
      .select('app', 'version', 'created_at', 'status', 'summary', 'build_id');
    return rows.map(row => ({
      app: row.app,
      version: Number(row.version),
      createdAt: row.created_at,
      status: row.status as ReleaseMarkerRecord['status'],
      summary: row.summary,
      ...(row.build_id ? { buildId: row.build_id } : {}),
    }));
  }

  /** The newest release of each of `apps`, whatever its status, without its config (for listing apps). */
  async latestOf(
    apps: string[],
  ): Promise<
    Map<
      string,
      Pick<ReleaseRecord, 'version' | 'status' | 'reason' | 'createdAt'>
    >
  > {
    const result = new Map<
      string,
      Pick<ReleaseRecord, 'version' | 'status' | 'reason' | 'createdAt'>
    >();
    if (apps.length === 0) return result;
    const rows: Pick<
      ReleaseRow,
      'app' | 'version' | 'status' | 'reason' | 'created_at'
    >[] = await this.db(TABLE)
      .whereIn('id', this.newestIds(apps, false))
      .select('app', 'version', 'status', 'reason', 'created_at');
    for (const row of rows) {
      result.set(row.app, {
        version: Number(row.version),
        status: row.status as ReleaseStatus,
        ...(row.reason ? { reason: row.reason } : {}),
        createdAt: row.created_at,
      });
    }
    return result;
  }

  /**
   * The id of the newest (or newest not failed) release of each of `apps` (apps in the ledger):
   * one backward step through the (app, version) index per app, however many releases it has.
   */
  private newestIds(apps: string[], notFailed: boolean): Knex.QueryBuilder {
    const newest = this.db(`${TABLE} as n`)
      .select('n.id')
      .whereRaw('?? = ??', ['n.app', 'a.name'])
      .orderBy('n.version', 'desc')
      .limit(1);
    if (notFailed) newest.whereNot('n.status', 'failed');
    return this.db('slipway_apps as a')
      .whereIn('a.name', apps)
      .select({ id: newest });
  }

  /** The newest releases of an app satisfying `where` (e.g. not failed, with a build). */
  async newest(
    app: string,
    options: { withBuild?: boolean; notFailed?: boolean; limit: number },
  ): Promise<ReleaseRecord[]> {
    const query = this.db<ReleaseRow>(TABLE)
      .where({ app })
      .orderBy('version', 'desc')
      .limit(options.limit);
    if (options.withBuild) query.whereNotNull('build_id');
    if (options.notFailed) query.whereNot('status', 'failed');
    return (await query).map(row => this.toRecord(row));
  }

  /** Whether the app has a release with a build that did not fail (something to run). */
  async hasRunnable(app: string): Promise<boolean> {
    const row = await this.db<ReleaseRow>(TABLE)
      .where({ app })
      .whereNotNull('build_id')
      .whereNot('status', 'failed')
      .first('version');
    return row !== undefined;
  }

  /** The newest not-failed release of each of `apps` (one query, for listing apps). */
  async currentOf(apps: string[]): Promise<Map<string, ReleaseRecord>> {
    const result = new Map<string, ReleaseRecord>();
    if (apps.length === 0) return result;
    const rows: ReleaseRow[] = await this.db<ReleaseRow>(TABLE).whereIn(
      'id',
      this.newestIds(apps, true),
    );
    for (const row of rows) result.set(row.app, this.toRecord(row));
    return result;
  }

  /**
   * The `limit` newest releases of each of `apps`, newest first (one query, e.g. for the masks of
   * a page of apps): each app's versions from its `limit`-th newest on, a range of the
   * (app, version) index, however many releases it has.
   */
  async newestOf(
    apps: string[],
    limit: number,
  ): Promise<Map<string, ReleaseRecord[]>> {
    const result = new Map<string, ReleaseRecord[]>();
    if (apps.length === 0) return result;
    const oldest = this.db(`${TABLE} as n`)
      .select('n.version')
      .whereRaw('?? = ??', ['n.app', 'a.name'])
      .orderBy('n.version', 'desc')
      .limit(1)
      .offset(limit - 1);
    const from = this.db('slipway_apps as a')
      .whereIn('a.name', apps)
      .select('a.name', { oldest })
      .as('f');
    const rows: ReleaseRow[] = await this.db<ReleaseRow>(`${TABLE} as r`)
      .join(from, 'r.app', 'f.name')
      .whereRaw('?? >= coalesce(??, 0)', ['r.version', 'f.oldest'])
      .select('r.*')
      .orderBy([
        { column: 'r.app', order: 'asc' },
        { column: 'r.version', order: 'desc' },
      ]);
    for (const row of rows) {
      const list = result.get(row.app) ?? [];
      list.push(this.toRecord(row));
      result.set(row.app, list);
    }
    return result;
  }

  async insert(release: ReleaseRecord): Promise<void> {
    // The Apps page sorts and filters by the newest release (versions only grow). The app row
    // first: every writer locks it before release rows, so concurrent writers cannot deadlock.
    await this.db('slipway_apps').where({ name: release.app }).update({
      release_status: release.status,
      deployed_at: release.createdAt,
    });
    await this.db<ReleaseRow>(TABLE).insert({
      app: release.app,
      version: release.version,
      build_id: release.buildId ?? null,
      config: this.box.encrypt(JSON.stringify(release.config)),
      summary: release.summary,
      created_by: release.createdBy,
      created_at: release.createdAt,
      status: release.status,
      reason: release.reason ?? null,
    });
  }

  /** Sets the outcome of pending releases (the only change a release ever sees); returns how many changed. */
  async setStatus(
    app: string,
    versions: number[],
    status: ReleaseStatus,
    reason?: string,
  ): Promise<number> {
    if (versions.length === 0) return 0;
    const marks = versions.map(() => '?').join(', ');
    // The app's copy of its newest release's status, when that is one of these and pending;
    // the app row before the release rows, as in insert().
    await this.db('slipway_apps')
      .where({ name: app })
      .whereRaw(
        `(select max(r.version) from ${TABLE} r where r.app = ?) in (${marks})`,
        [app, ...versions],
      )
      .whereRaw(
        `exists (select 1 from ${TABLE} r where r.app = ? and r.status = 'pending' and r.version in (${marks}))`,
        [app, ...versions],
      )
      .update({ release_status: status });
    return await this.db<ReleaseRow>(TABLE)
      .where({ app, status: 'pending' })
      .whereIn('version', versions)
      .update({ status, reason: reason ?? null });
  }

  /** Pending releases of an app up to `version`. */
  async pendingUpTo(app: string, version: number): Promise<number[]> {
    const rows = await this.db<ReleaseRow>(TABLE)
      .where({ app, status: 'pending' })
      .where('version', '<=', version)
      .select('version');
    return rows.map(row => Number(row.version));
  }

  /** Pending releases that have no build (nothing to roll out). */
  async pendingWithoutBuild(app: string): Promise<number[]> {
    const rows = await this.db<ReleaseRow>(TABLE)
      .where({ app, status: 'pending' })
      .whereNull('build_id')
      .select('version');
    return rows.map(row => Number(row.version));
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<ReleaseRow>(TABLE).where({ app }).delete();
  }

  /** Where the release phase of a release stands (`pending` until a backend claims it). */
  async phaseOf(app: string, version: number): Promise<ReleasePhaseRecord> {
    const row = await this.db<ReleaseRow>(TABLE)
      .where({ app, version })
      .first('phase', 'phase_runner', 'phase_started_at');
    return {
      state: (row?.phase as ReleasePhaseState | null) ?? 'pending',
      ...(row?.phase_runner ? { runner: row.phase_runner } : {}),
      ...(row?.phase_started_at ? { startedAt: row.phase_started_at } : {}),
    };
  }

  /**
   * Claims the release phase for `runner`: true only for the one caller that moved it from
   * pending to running (a compare-and-set, so no two backends run the command).
   */
  async claimPhase(
    app: string,
    version: number,
    runner: string,
    startedAt: string,
  ): Promise<boolean> {
    const count = await this.db<ReleaseRow>(TABLE)
      .where({ app, version })
      .whereNull('phase')
      .update({
        phase: 'running',
        phase_runner: runner,
        phase_started_at: startedAt,
      });
    return count === 1;
  }

  /**
   * Records how the release phase `runner` ran ended; false when it was no longer running it
   * (another instance declared it interrupted meanwhile).
   */
  async finishPhase(
    app: string,
    version: number,
    runner: string,
    state: 'done' | 'failed',
  ): Promise<boolean> {
    const count = await this.db<ReleaseRow>(TABLE)
      .where({ app, version, phase: 'running', phase_runner: runner })
      .update({ phase: state });
    return count === 1;
  }

  /** Gives up on a release phase whose runner died (the release fails; its command never runs again). */
  /**
   * Apps with a release phase `running` by a backend instance that no longer holds its
   * `instance:<id>` lease at `now` (epoch ms): it died, and a reconcile must settle the release.
   */
  async appsWithPhasesOfDeadRunners(now: number): Promise<string[]> {
    const rows = await this.db<ReleaseRow>(`${TABLE} as r`)
      .where('r.phase', 'running')
      .whereNotNull('r.phase_runner')
      .whereNotExists(
        this.db('slipway_leases as l')
          .whereRaw(`l.name = 'instance:' || r.phase_runner`)
          .andWhere('l.expires_at', '>', now),
      )
      .distinct('r.app');
    return rows.map(row => row.app as string);
  }

  async abandonPhase(app: string, version: number): Promise<void> {
    await this.db<ReleaseRow>(TABLE)
      .where({ app, version, phase: 'running' })
      .update({ phase: 'failed' });
  }

  private toRecord(row: ReleaseRow): ReleaseRecord {
    return {
      app: row.app,
      version: Number(row.version),
      ...(row.build_id ? { buildId: row.build_id } : {}),
      config: JSON.parse(this.box.decrypt(row.config)) as Config,
      summary: row.summary,
      createdBy: row.created_by,
      createdAt: row.created_at,
      status: row.status as ReleaseStatus,
      ...(row.reason ? { reason: row.reason } : {}),
    };
  }
}
