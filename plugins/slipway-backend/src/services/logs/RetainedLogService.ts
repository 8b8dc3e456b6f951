import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  processTypeProblem,
  slipwayAppReadPermission,
  type Page,
  type RetainedLogLine,
  type RetainedLogsQuery,
} from '@slipway/plugin-slipway-common';
import { loadApp, type ServiceContext } from '../context';
import { pageInfo, pageRequest } from '../cursor';
import { outputMask, type Mask } from '../masking';
import type {
  LogFilter,
  LogLineRecord,
  PageOf,
  PageRequest,
} from '../../ledger';

const KINDS = ['app', 'platform', 'router'];
const MAX_QUERY = 200;
const SCAN = 2000;

/** Searches an app's retained log lines (what outlived its processes), masked like live logs. */
export class RetainedLogService {
  constructor(private readonly ctx: ServiceContext) {}

  async search(
    credentials: BackstageCredentials,
    name: string,
    query: RetainedLogsQuery,
  ): Promise<Page<RetainedLogLine>> {
    const filter = filterOf(query);
    const order = query.order ?? 'desc';
    if (order !== 'asc' && order !== 'desc')
      throw new InputError('order must be asc or desc');
    const page = pageRequest(query, ['number']);
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const [mayRead, mask] = await Promise.all([
      this.ctx.authorizer.mayReadValuesOf(credentials, [name]),
      outputMask(this.ctx, credentials, name),
    ]);
    const found =
      filter.q && !mayRead.has(name)
        ? await this.searchMasked(name, filter, order, page, mask)
        : await this.ctx.ledger.logs.list(name, filter, order, page);
    return {
      items: found.items.map(({ app: _app, ...line }) => ({
        ...line,
        line: mask(line.line),
      })),
      totalItems: found.totalItems,
      pageInfo: pageInfo(found),
    };
  }

  /**
   * Text search for a reader who may not see config values: matched against the MASKED lines,
   * else searching for a secret (or its first characters) would tell which lines hold it. The
   * retained lines are bounded, so they are read in pages and matched here.
   */
  private async searchMasked(
    name: string,
    filter: LogFilter,
    order: 'asc' | 'desc',
    page: PageRequest,
    mask: Mask,
  ): Promise<PageOf<LogLineRecord>> {
    const { q, ...rest } = filter;
    const needle = (q ?? '').toLowerCase();
    const matching: LogLineRecord[] = [];
    let after: PageRequest['after'];
    for (;;) {
      const batch = await this.ctx.ledger.logs.list(name, rest, order, {
        limit: SCAN,
        after,
      });
      for (const line of batch.items)
        if (mask(line.line).toLowerCase().includes(needle)) matching.push(line);
      if (!batch.next) break;
      after = batch.next;
    }
    // The page after/before the cursor's id, in the list's order.
    const beyond = (id: number, key?: PageRequest['after'], ahead = true) => {
      if (!key) return true;
      const later =
        order === 'desc' ? id < Number(key[0]) : id > Number(key[0]);
      return ahead ? later : !later && id !== Number(key[0]);
    };
    let items: LogLineRecord[];
    let more: boolean;
    if (page.before) {
      const earlier = matching.filter(l => beyond(l.id, page.before, false));
      items = earlier.slice(-page.limit);
      more = earlier.length > page.limit;
    } else {
      const later = matching.filter(l => beyond(l.id, page.after));
      items = later.slice(0, page.limit);
      more = later.length > page.limit;
    }
    const cursor = page.before ?? page.after;
    const key = (l?: LogLineRecord) => (l ? [l.id] : undefined);
    return {
      items,
      totalItems: matching.length,
      next: page.before || more ? key(items[items.length - 1]) : undefined,
      prev: (page.before ? more : cursor !== undefined)
        ? key(items[0])
        : undefined,
    };
  }
}

function filterOf(query: RetainedLogsQuery): LogFilter {
  const filter: LogFilter = {};
  for (const key of ['since', 'until'] as const) {
    const value = query[key];
    if (value === undefined || value === '') continue;
    const time = Date.parse(value);
    if (Number.isNaN(time))
      throw new InputError(`${key} must be a time like 2026-01-31T12:00:00Z`);
    // Stored times are ISO strings in UTC: compared as text, so normalized the same way.
    filter[key] = new Date(time).toISOString();
  }
  if (query.process) {
    if (processTypeProblem(query.process))
      throw new InputError(
        'process must be a process type like web, or slipway or router',
      );
    filter.processType = query.process;
  }
  if (query.source) {
    if (!KINDS.includes(query.source))
      throw new InputError('source must be app, platform or router');
    filter.kind = query.source;
  }
  if (query.q) {
    if (query.q.length > MAX_QUERY)
      throw new InputError(`q must be at most ${MAX_QUERY} characters`);
    filter.q = query.q;
  }
  return filter;
}
