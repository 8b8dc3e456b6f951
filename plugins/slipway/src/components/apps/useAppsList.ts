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
  type AppFilters,
} from './appFilters';

/** Typing waits this long before asking the server again. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * The apps matching `filters`, kept current (signals; polling while a release is pending).
 * The server filters the whole list; the answer is filtered here too, so typing shows at once.
 */
export function useAppsList(filters: AppFilters) {
  const api = useApi(slipwayApiRef);
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const owned = identity.value?.ownershipEntityRefs ?? [];
  const [text, setText] = useState(filters.text);
  useDebounce(() => setText(filters.text), SEARCH_DEBOUNCE_MS, [filters.text]);
  const query = appsQuery({ ...filters, text }, owned);
  const list = useLiveLoad(
    async () => (await api.listApps(query)).items,
    [api, JSON.stringify(query)],
    {
      channel: APPS_CHANNEL,
      settling: apps =>
        apps.some(app => newestRelease(app)?.status === 'pending'),
    },
  );
  return {
    ...list,
    value: list.value && {
      apps: filterApps(list.value, filters, owned),
      filtered: Object.keys(appsQuery(filters, owned)).length > 0,
    },
  };
}
