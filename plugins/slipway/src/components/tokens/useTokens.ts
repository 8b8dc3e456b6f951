import { useApi } from '@backstage/core-plugin-api';
import { slipwayApiRef } from '../../api';
import { itemsOf, useLoad } from '../shared';

/** The app's deploy tokens (never the secrets: those are shown once, when created). */
export function useTokens(app: string) {
  const api = useApi(slipwayApiRef);
  return useLoad(async () => itemsOf(await api.listTokens(app)), [api, app]);
}
