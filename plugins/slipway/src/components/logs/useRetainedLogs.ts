import { useApi } from '@backstage/core-plugin-api';
import type { RetainedLogLine } from '@slipway/plugin-slipway-common';
import { useCallback, useEffect, useState } from 'react';
import { slipwayApiRef } from '../../api';
import { errorMessage } from '../shared';
import type { LogSearch } from './useLogSearchState';

/** Lines per request. */
export const PAGE_SIZE = 200;

type State = {
  /** Oldest first, as a log is read. */
  lines: RetainedLogLine[];
  totalItems?: number;
  cursor?: string;
  loading: boolean;
  error?: string;
};

/**
 * The app's retained lines matching the search, a page at a time (keyset cursor). Without a
 * time: the newest lines, and `more` brings older ones (above). From a time (`at`): the lines
 * from then on, and `more` brings later ones (below).
 */
export function useRetainedLogs(app: string, search: LogSearch) {
  const api = useApi(slipwayApiRef);
  const [state, setState] = useState<State>({ lines: [], loading: true });
  const [attempt, setAttempt] = useState(0);
  const forward = Boolean(search.at);
  const { q, process, source, at } = search;

  const fetchPage = useCallback(
    (cursor?: string) =>
      api.searchLogs(app, {
        q: q || undefined,
        process: process || undefined,
        source: source || undefined,
        since: at || undefined,
        order: at ? 'asc' : 'desc',
        limit: PAGE_SIZE,
        cursor,
      }),
    [api, app, q, process, source, at],
  );

  useEffect(() => {
    let current = true;
    setState({ lines: [], loading: true });
    fetchPage().then(
      page => {
        if (!current) return;
        const items = forward ? page.items : [...page.items].reverse();
        setState({
          lines: items,
          totalItems: page.totalItems,
          cursor: page.pageInfo.nextCursor,
          loading: false,
        });
      },
      error =>
        current &&
        setState({ lines: [], loading: false, error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [fetchPage, forward, attempt]);

  const more = useCallback(async () => {
    if (!state.cursor) return;
    setState(s => ({ ...s, loading: true }));
    try {
      const page = await fetchPage(state.cursor);
      setState(s => ({
        lines: forward
          ? [...s.lines, ...page.items]
          : [...[...page.items].reverse(), ...s.lines],
        totalItems: page.totalItems,
        cursor: page.pageInfo.nextCursor,
        loading: false,
      }));
    } catch (error) {
      setState(s => ({ ...s, loading: false, error: errorMessage(error) }));
    }
  }, [fetchPage, forward, state.cursor]);

  const reload = useCallback(() => setAttempt(a => a + 1), []);
  return { ...state, forward, more, reload };
}
