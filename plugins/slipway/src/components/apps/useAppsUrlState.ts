import type { AppHealth, AppSort } from '@slipway/plugin-slipway-common';
import { APP_HEALTHS } from '@slipway/plugin-slipway-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { AppFilters, AppOrder } from './appFilters';

const SORTS: AppSort[] = ['name', 'owner', 'deployedAt', 'status', 'health'];
const STATUSES = ['pending', 'succeeded', 'failed'];

/** Where the list stands: which page (its number for "51-100 of 120", its cursor for the API). */
export type AppsPosition = { page: number; cursor?: string };

/**
 * The Apps page's filters, order and page, kept in the URL (`?q=&mine=1&status=&health=&sort=
 * &order=&page=&cursor=`), so that reload, back and a shared link show the same list. A change of
 * filter or order starts again at the first page. Unknown values are ignored.
 */
export function useAppsUrlState() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readState(params), [params]);

  const update = useCallback(
    (change: {
      filters?: Partial<AppFilters>;
      order?: AppOrder;
      position?: AppsPosition;
    }) => {
      setParams(
        current => {
          const now = readState(current);
          const filters = { ...now.filters, ...change.filters };
          const order = change.order ?? now.order;
          // A new filter or order is a new list: its first page.
          const position = change.position ?? { page: 0 };
          return writeState(filters, order, position);
        },
        // Typing in the search box would otherwise add a history entry per key.
        { replace: change.filters?.text !== undefined },
      );
    },
    [setParams],
  );
  return { ...state, update };
}

function readState(params: URLSearchParams) {
  const status = params.get('status') ?? '';
  const health = params.get('health') ?? '';
  const sort = params.get('sort') as AppSort | null;
  const page = Number(params.get('page') ?? '1');
  const cursor = params.get('cursor') ?? undefined;
  const filters: AppFilters = {
    mine: params.get('mine') === '1',
    status: STATUSES.includes(status) ? (status as AppFilters['status']) : '',
    health: APP_HEALTHS.includes(health as AppHealth)
      ? (health as AppHealth)
      : '',
    text: params.get('q') ?? '',
  };
  const order: AppOrder = {
    sort: sort && SORTS.includes(sort) ? sort : 'name',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
  // A page number without its cursor cannot be reached: the first page then.
  const position: AppsPosition =
    cursor && Number.isInteger(page) && page > 1
      ? { page: page - 1, cursor }
      : { page: 0 };
  return { filters, order, position };
}

function writeState(
  filters: AppFilters,
  order: AppOrder,
  position: AppsPosition,
): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.text) params.set('q', filters.text);
  if (filters.mine) params.set('mine', '1');
  if (filters.status) params.set('status', filters.status);
  if (filters.health) params.set('health', filters.health);
  if (order.sort !== 'name') params.set('sort', order.sort);
  if (order.order !== 'asc') params.set('order', order.order);
  if (position.cursor && position.page > 0) {
    params.set('page', String(position.page + 1));
    params.set('cursor', position.cursor);
  }
  return params;
}
