import type { Knex } from 'knex';
import { typeOfSource } from '../runtime/local/AppLog';
import { readPage, type PageOf, type PageRequest } from './keyset';
import type { LogFilter, LogLineRecord, NewLogLine } from './types';

type LogRow = {
  id: number;
  app: string;
  time: string;
  kind: string;
  source: string;
  process_type: string;
  release: number | null;
  line: string;
  bytes: number;
};

const TABLE = 'slipway_log_lines';
/** Rows per insert statement: SQLite allows 32766 bound values, 8 columns each. */
const CHUNK = 500;

/** Stores the retained log lines of each app (the LogRetainer decides what and how much). */
export class LogStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** Appends lines in the order given (their ids follow that order). */
  async append(lines: NewLogLine[]): Promise<void> {
    for (let i = 0; i < lines.length; i += CHUNK) {
      await this.db<LogRow>(TABLE).insert(
        lines.slice(i, i + CHUNK).map(line => ({
          app: line.app,
          time: line.time,
          kind: line.kind,
          source: line.source,
          process_type: typeOfSource(line.source),
          release: line.release ?? null,
          line: line.line,
          bytes: Buffer.byteLength(line.line),
        })),
      );
    }
  }

  /** A page of an app's lines, newest first (`desc`) or oldest first (`asc`). */
  async list(
    app: string,
    filter: LogFilter,
    order: 'asc' | 'desc',
    page: PageRequest,
  ): Promise<PageOf<LogLineRecord>> {
    const query = this.db<LogRow>(TABLE).where({ app });
    if (filter.since) query.where('time', '>=', filter.since);
    if (filter.until) query.where('time', '<', filter.until);
    if (filter.processType) query.where('process_type', filter.processType);
    if (filter.kind) query.where('kind', filter.kind);
    if (filter.q) {
      // LIKE with its wildcards escaped: the text is matched as typed, in any case.
      const escaped = filter.q.replace(/[\\%_]/g, c => `\\${c}`);
      query.whereRaw(`lower(line) like ? escape '\\'`, [
        `%${escaped.toLowerCase()}%`,
      ]);
    }
    const result = await readPage<LogRow>(
      query,
      { columns: ['id'], order, keyOf: row => [Number(row.id)] },
      page,
    );
    return { ...result, items: result.items.map(recordOf) };
  }

  /**
   * Deletes an app's oldest lines beyond `maxLines` lines or `maxBytes` bytes of text. Returns
   * how many were deleted.
   */
  async prune(
    app: string,
    maxLines: number,
    maxBytes: number,
  ): Promise<number> {
    // The newest line that still fits both bounds: everything older goes.
    const byLines = await this.db<LogRow>(TABLE)
      .where({ app })
      .orderBy('id', 'desc')
      .offset(maxLines)
      .first('id');
    let cut = byLines ? Number(byLines.id) : 0;
    const [{ total }] = (await this.db<LogRow>(TABLE)
      .where({ app })
      .where('id', '>', cut)
      .sum({ total: 'bytes' })) as { total: number | string | null }[];
    if (Number(total ?? 0) > maxBytes) {
      // Walk from the newest until the bound is reached (in pages, not the whole log at once).
      let kept = 0;
      let before = Number.MAX_SAFE_INTEGER;
      for (;;) {
        const rows = await this.db<LogRow>(TABLE)
          .where({ app })
          .where('id', '>', cut)
          .where('id', '<', before)
          .orderBy('id', 'desc')
          .limit(1000)
          .select('id', 'bytes');
        if (rows.length === 0) break;
        let over: number | undefined;
        for (const row of rows) {
          kept += Number(row.bytes);
          if (kept > maxBytes) {
            over = Number(row.id);
            break;
          }
        }
        if (over !== undefined) {
          cut = over;
          break;
        }
        before = Number(rows[rows.length - 1].id);
      }
    }
    if (cut === 0) return 0;
    return this.db<LogRow>(TABLE)
      .where({ app })
      .where('id', '<=', cut)
      .delete();
  }

  /**
   * Where the retained output of one process instance (`source`, e.g. `web.5d8f9c-x2k4p`) ends: the
   * time of its newest `app` line and how many of its `app` lines have that very time (a follower
   * resumes after them), or undefined when none is retained.
   */
  async endOf(
    app: string,
    source: string,
  ): Promise<{ time: string; count: number } | undefined> {
    const newest = await this.db<LogRow>(TABLE)
      .where({ app, source, kind: 'app' })
      .orderBy('id', 'desc')
      .first('time');
    if (!newest) return undefined;
    const [{ count }] = (await this.db<LogRow>(TABLE)
      .where({ app, source, kind: 'app', time: newest.time })
      .count({ count: '*' })) as { count: number | string }[];
    return { time: newest.time, count: Number(count) };
  }

  /** The time of the app's oldest retained line (older lines were pruned or never were). */
  async oldestTime(app: string): Promise<string | undefined> {
    const row = await this.db<LogRow>(TABLE)
      .where({ app })
      .orderBy('id', 'asc')
      .first('time');
    return row?.time;
  }

  async deleteApp(app: string): Promise<void> {
    await this.db<LogRow>(TABLE).where({ app }).delete();
  }
}

function recordOf(row: LogRow): LogLineRecord {
  return {
    id: Number(row.id),
    app: row.app,
    time: row.time,
    kind: row.kind as LogLineRecord['kind'],
    source: row.source,
    processType: row.process_type,
    ...(row.release !== null ? { release: Number(row.release) } : {}),
    line: row.line,
  };
}
