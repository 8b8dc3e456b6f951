import type { Knex } from 'knex';
import type { ProcessPoint, RequestPoint } from '../metrics/types';

type RequestRow = {
  app: string;
  minute: number;
  status_1xx: number;
  status_2xx: number;
  status_3xx: number;
  status_4xx: number;
  status_5xx: number;
  bytes_out: number | string;
  latency: string;
};

type ProcessRow = {
  app: string;
  minute: number;
  process_type: string;
  memory_bytes: number | string;
  cpu_millicores: number;
};

const REQUESTS = 'slipway_request_points';
const PROCESSES = 'slipway_process_points';
const ROLLUPS = 'slipway_request_rollups';
/** Minutes of the periods rolled up, largest first (a read takes the largest that fits). */
const ROLLUP_SPANS = [60, 10];
/** Rows per insert statement: SQLite allows 32766 bound values; 9 columns a row. */
const CHUNK = 500;

/** Stores the per-minute time series of apps (where no Prometheus is used). */
export class MetricStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insertRequests(points: RequestPoint[]): Promise<void> {
    const rows: RequestRow[] = points.map(point => ({
      app: point.app,
      minute: point.minute,
      status_1xx: point.statuses['1xx'],
      status_2xx: point.statuses['2xx'],
      status_3xx: point.statuses['3xx'],
      status_4xx: point.statuses['4xx'],
      status_5xx: point.statuses['5xx'],
      bytes_out: point.bytesOut,
      latency: point.latency,
    }));
    if (rows.length === 0) return;
    await this.db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx(REQUESTS).insert(rows.slice(i, i + CHUNK));
      await addToRollups(tx, points);
    });
  }

  async insertProcesses(points: ProcessPoint[]): Promise<void> {
    const rows: ProcessRow[] = points.map(point => ({
      app: point.app,
      minute: point.minute,
      process_type: point.processType,
      memory_bytes: point.memoryBytes,
      cpu_millicores: point.cpuMillicores,
    }));
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.db(PROCESSES).insert(rows.slice(i, i + CHUNK));
  }

  /** Request rows of an app with `from ≤ minute < to`, oldest first (several rows per minute possible). */
  async requests(
    app: string,
    from: number,
    to: number,
  ): Promise<RequestPoint[]> {
    const rows = await this.db<RequestRow>(REQUESTS)
      .where({ app })
      .andWhere('minute', '>=', from)
      .andWhere('minute', '<', to)
      .orderBy('minute')
      .select(
        'app',
        'minute',
        'status_1xx',
        'status_2xx',
        'status_3xx',
        'status_4xx',
        'status_5xx',
        'bytes_out',
        'latency',
      );
    return rows.map(row => ({
      app: row.app,
      minute: Number(row.minute),
      statuses: {
        '1xx': Number(row.status_1xx),
        '2xx': Number(row.status_2xx),
        '3xx': Number(row.status_3xx),
        '4xx': Number(row.status_4xx),
        '5xx': Number(row.status_5xx),
      },
      bytesOut: Number(row.bytes_out),
      latency: row.latency,
    }));
  }

  /**
   * Request rows of an app summed per step in the database (`from ≤ minute < to`): one point per step
   * with traffic, its `minute` the step's start and its latency the step's histograms joined (decoding
   * adds them). Far fewer rows cross to JS than per-minute rows: a 7 d window in 1 h steps is 168.
   */
  async requestSteps(
    app: string,
    window: { from: number; to: number; stepMinutes: number },
  ): Promise<RequestPoint[]> {
    const { from, to, stepMinutes } = window;
    // Whole periods of a rollup fit the steps when both the steps and `from` are made of them;
    // the minutes after the last whole period (up to `to`, often now) come from minute rows.
    const span = ROLLUP_SPANS.find(
      s => stepMinutes % s === 0 && from % s === 0,
    );
    if (!span) return this.sumSteps(REQUESTS, 'minute', app, window, from, to);
    const end = to - ((to - from) % span);
    const [whole, rest] = await Promise.all([
      this.sumSteps(ROLLUPS, 'start', app, window, from, end, span),
      end < to ? this.sumSteps(REQUESTS, 'minute', app, window, end, to) : [],
    ]);
    return [...whole, ...rest];
  }

  private async sumSteps(
    table: string,
    time: 'minute' | 'start',
    app: string,
    window: { from: number; stepMinutes: number },
    low: number,
    high: number,
    span?: number,
  ): Promise<RequestPoint[]> {
    const { from, stepMinutes } = window;
    const rows: Array<Omit<RequestRow, 'app' | 'minute'> & { step: number }> =
      await this.db(table)
        .where(span ? { app, span } : { app })
        .andWhere(time, '>=', low)
        .andWhere(time, '<', high)
        .groupByRaw('1')
        .select(
          this.db.raw(`cast((${time} - ?) / ? as integer) as step`, [
            from,
            stepMinutes,
          ]),
          this.db.raw(
            [
              'sum(status_1xx) as status_1xx',
              'sum(status_2xx) as status_2xx',
              'sum(status_3xx) as status_3xx',
              'sum(status_4xx) as status_4xx',
              'sum(status_5xx) as status_5xx',
              'sum(bytes_out) as bytes_out',
              `${this.joinText('latency')} as latency`,
            ].join(', '),
          ),
        );
    return rows.map(row => ({
      app,
      minute: from + Number(row.step) * stepMinutes,
      statuses: {
        '1xx': Number(row.status_1xx),
        '2xx': Number(row.status_2xx),
        '3xx': Number(row.status_3xx),
        '4xx': Number(row.status_4xx),
        '5xx': Number(row.status_5xx),
      },
      bytesOut: Number(row.bytes_out),
      latency: row.latency ?? '',
    }));
  }

  /** Requests of each of `apps` per step (all status classes), as `[app, step index, count]`. */
  async requestTotals(
    apps: string[],
    window: { from: number; to: number; stepMinutes: number },
  ): Promise<Array<[app: string, step: number, count: number]>> {
    if (apps.length === 0) return [];
    const { from, to, stepMinutes } = window;
    const rows: Array<{ app: string; step: number; count: number | string }> =
      await this.db(REQUESTS)
        .whereIn('app', apps)
        .andWhere('minute', '>=', from)
        .andWhere('minute', '<', to)
        .groupByRaw('1, 2')
        .select(
          'app',
          this.db.raw('cast((minute - ?) / ? as integer) as step', [
            from,
            stepMinutes,
          ]),
          this.db.raw(
            'sum(status_1xx + status_2xx + status_3xx + status_4xx + status_5xx) as count',
          ),
        );
    return rows.map(row => [row.app, Number(row.step), Number(row.count)]);
  }

  /** Process rows per step and type: memory the step's highest, CPU summed over `samples` rows. */
  async processSteps(
    app: string,
    window: { from: number; to: number; stepMinutes: number },
  ): Promise<ProcessPoint[]> {
    const { from, to, stepMinutes } = window;
    const rows: Array<{
      step: number;
      process_type: string;
      memory_bytes: number | string;
      cpu_millicores: number | string;
      samples: number | string;
    }> = await this.db(PROCESSES)
      .where({ app })
      .andWhere('minute', '>=', from)
      .andWhere('minute', '<', to)
      .groupByRaw('1, 2')
      .select(
        this.db.raw('cast((minute - ?) / ? as integer) as step', [
          from,
          stepMinutes,
        ]),
        'process_type',
        this.db.raw(
          'max(memory_bytes) as memory_bytes, sum(cpu_millicores) as cpu_millicores, count(*) as samples',
        ),
      );
    return rows.map(row => ({
      app,
      minute: from + Number(row.step) * stepMinutes,
      processType: row.process_type,
      memoryBytes: Number(row.memory_bytes),
      cpuMillicores: Number(row.cpu_millicores),
      samples: Number(row.samples),
    }));
  }

  /** Joins a text column's values of a group with commas (PostgreSQL or SQLite). */
  private joinText(column: string): string {
    const client = String(this.db.client.config.client ?? '');
    return client === 'pg' || client === 'postgresql'
      ? `string_agg(${column}, ',')`
      : `group_concat(${column}, ',')`;
  }

  /** Process rows of an app with `from ≤ minute < to`, oldest first. */
  async processes(
    app: string,
    from: number,
    to: number,
  ): Promise<ProcessPoint[]> {
    const rows = await this.db<ProcessRow>(PROCESSES)
      .where({ app })
      .andWhere('minute', '>=', from)
      .andWhere('minute', '<', to)
      .orderBy('minute')
      .select(
        'app',
        'minute',
        'process_type',
        'memory_bytes',
        'cpu_millicores',
      );
    return rows.map(row => ({
      app: row.app,
      minute: Number(row.minute),
      processType: row.process_type,
      memoryBytes: Number(row.memory_bytes),
      cpuMillicores: Number(row.cpu_millicores),
    }));
  }

  /** Drops every point older than `minute`; returns how many rows went. */
  async pruneBefore(minute: number): Promise<number> {
    const requests = await this.db(REQUESTS)
      .where('minute', '<', minute)
      .delete();
    // Periods wholly before `minute`.
    for (const span of ROLLUP_SPANS)
      await this.db(ROLLUPS)
        .where({ span })
        .andWhere('start', '<=', minute - span)
        .delete();
    const processes = await this.db(PROCESSES)
      .where('minute', '<', minute)
      .delete();
    return Number(requests) + Number(processes);
  }

  async deleteApp(app: string): Promise<void> {
    await this.db(REQUESTS).where({ app }).delete();
    await this.db(ROLLUPS).where({ app }).delete();
    await this.db(PROCESSES).where({ app }).delete();
  }
}

/** Adds a batch's points to the 10-minute and hour periods they fall in (one upsert per period). */
async function addToRollups(
  tx: Knex.Transaction,
  points: RequestPoint[],
): Promise<void> {
  const periods = new Map<
    string,
    RequestRow & { span: number; start: number }
  >();
  for (const point of points) {
    for (const span of ROLLUP_SPANS) {
      const start = point.minute - (point.minute % span);
      const key = `${point.app} ${span} ${start}`;
      let row = periods.get(key);
      if (!row) {
        row = {
          app: point.app,
          minute: 0,
          span,
          start,
          status_1xx: 0,
          status_2xx: 0,
          status_3xx: 0,
          status_4xx: 0,
          status_5xx: 0,
          bytes_out: 0,
          latency: '',
        };
        periods.set(key, row);
      }
      row.status_1xx += point.statuses['1xx'];
      row.status_2xx += point.statuses['2xx'];
      row.status_3xx += point.statuses['3xx'];
      row.status_4xx += point.statuses['4xx'];
      row.status_5xx += point.statuses['5xx'];
      row.bytes_out = Number(row.bytes_out) + point.bytesOut;
      if (point.latency)
        row.latency = row.latency
          ? `${row.latency},${point.latency}`
          : point.latency;
    }
  }
  const rows = [...periods.values()].map(({ minute: _m, ...row }) => row);
  const add = (column: string) =>
    tx.raw(`${ROLLUPS}.${column} + excluded.${column}`);
  for (let i = 0; i < rows.length; i += CHUNK)
    await tx(ROLLUPS)
      .insert(rows.slice(i, i + CHUNK))
      .onConflict(['app', 'span', 'start'])
      .merge({
        status_1xx: add('status_1xx'),
        status_2xx: add('status_2xx'),
        status_3xx: add('status_3xx'),
        status_4xx: add('status_4xx'),
        status_5xx: add('status_5xx'),
        bytes_out: add('bytes_out'),
        latency: tx.raw(
          `case when ${ROLLUPS}.latency = '' then excluded.latency when excluded.latency = '' then ${ROLLUPS}.latency else ${ROLLUPS}.latency || ',' || excluded.latency end`,
        ),
      });
}
