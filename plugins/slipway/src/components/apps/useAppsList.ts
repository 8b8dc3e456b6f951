import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { slipwayApiRef } from '../../api';
import { APPS_CHANNEL, useLiveLoad } from '../shared';
import {
  appsQuery,
  filterApps,
  newestRelease,
  orderQuery,
  type AppFilters,
  type AppOrder,
} from './appFilters';

/** Typing waits this long before asking the server again. */
const SEARCH_DEBOUNCE_MS = 300;

/** Apps per page. */
export const APPS_PAGE_SIZE = 50;

/**
 * One page of the apps matching `filters`, in `order`, from `cursor`, kept current (signals;
 * polling while a release is pending or an app starts). The server filters, sorts and counts
 * the whole list; the answer is filtered here too, so typing narrows the page at once.
 */
export function useAppsList(
  filters: AppFilters,
  order: AppOrder,
  cursor: string | undefined,
) {
  const api = useApi(slipwayApiRef);
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const owned = identity.value?.ownershipEntityRefs ?? [];
  const [text, setText] = useState(filters.text);
  useDebounce(() => setText(filters.text), SEARCH_DEBOUNCE_MS, [filters.text]);
  const query = {
    ...appsQuery({ ...filters, text }, owned),
    ...orderQuery(order),
    limit: APPS_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
  const list = useLiveLoad(
    () => api.listApps(query),
    [api, JSON.stringify(query)],
    {
      channel: APPS_CHANNEL,
      settling: page =>
        page.items.some(
          app =>
            newestRelease(app)?.status === 'pending' ||
            app.health === 'starting',
        ),
    },
  );
  return {
    ...list,
    value: list.value && {
      apps: filterApps(list.value.items, filters, owned),
      totalItems: list.value.totalItems,
      pageInfo: list.value.pageInfo,
      filtered: Object.keys(appsQuery(filters, owned)).length > 0,
    },
  };
}
