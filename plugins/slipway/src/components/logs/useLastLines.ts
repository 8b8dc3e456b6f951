import { useApi } from '@backstage/core-plugin-api';
import type { RetainedLogLine } from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from '../../api';
import { useLoad } from '../shared';

/** How many of an instance's lines are shown before its crash. */
export const LAST_LINES = 20;

/**
 * The last lines an instance printed before `crash` (its platform line): the newest lines of its
 * process type up to that moment, kept when they are the instance's own. Oldest first.
 */
export function useLastLines(app: string, crash: RetainedLogLine) {
  const api = useApi(slipwayApiRef);
  return useLoad(async () => {
    // `until` is exclusive; the crash line's own millisecond may hold the last printed lines.
    const until = new Date(Date.parse(crash.time) + 1).toISOString();
    const page = await api.searchLogs(app, {
      process: crash.processType,
      until,
      order: 'desc',
      limit: 200,
    });
    return page.items
      .filter(l => l.source === crash.source && l.id < crash.id)
      .slice(0, LAST_LINES)
      .reverse();
  }, [api, app, crash]);
}
