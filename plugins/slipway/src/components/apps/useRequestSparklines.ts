import { useApi } from '@backstage/core-plugin-api';
import { slipwayApiRef } from '../../api';
import { useLoad } from '../shared';

/** The sparklines' window: the last 24 hours in hour steps, from a whole hour. */
export const SPARKLINE_HOURS = 24;
const HOUR = 3_600_000;

/**
 * Requests per hour over the last day of the apps on the visible page, in one request. A failure
 * leaves the sparklines out; the table does not depend on them.
 */
export function useRequestSparklines(apps: string[]) {
  const api = useApi(slipwayApiRef);
  const key = apps.join(',');
  const { value } = useLoad(async () => {
    if (apps.length === 0) return new Map<string, number[]>();
    const to = Date.now();
    const from =
      to - SPARKLINE_HOURS * HOUR - ((to - SPARKLINE_HOURS * HOUR) % HOUR);
    const totals = await api.getRequestTotals({
      app: apps,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      step: 3600,
    });
    return new Map(totals.apps.map(a => [a.app, a.requests]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  return value;
}
