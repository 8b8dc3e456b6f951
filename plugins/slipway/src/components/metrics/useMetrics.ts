import { useApi } from '@backstage/core-plugin-api';
import { slipwayApiRef } from '../../api';
import { useLoad } from '../shared';
import { rangeOf, type RangeId } from './ranges';

/** An app's metrics for a range up to now, reloaded when the range changes. */
export function useMetrics(app: string, range: RangeId) {
  const api = useApi(slipwayApiRef);
  return useLoad(() => {
    const { ms, step } = rangeOf(range);
    const to = Date.now();
    // `from` on a whole step: the server then reads its 10-minute and hour rollups.
    const from = to - ms - ((to - ms) % (step * 1000));
    return api.getMetrics(app, {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      step,
    });
  }, [api, app, range]);
}
