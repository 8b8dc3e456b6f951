import { useApi } from '@backstage/core-plugin-api';
import { slipwayApiRef } from '../../../api';
import { useLoad } from '../../shared';

/** The app's log drains (owner only: not asked for when the user may not see them). */
export function useDrains(app: string, allowed: boolean) {
  const api = useApi(slipwayApiRef);
  return useLoad(
    async () => (allowed ? api.listDrains(app) : []),
    [api, app, allowed],
  );
}
