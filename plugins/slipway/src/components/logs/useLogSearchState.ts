import type { RetainedLogLine } from '@slipway/plugin-slipway-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

const SOURCES: RetainedLogLine['kind'][] = ['app', 'platform', 'router'];

/** What the Logs tab shows, as kept in its URL (`?q=&process=&source=&at=&release=&view=`). */
export type LogSearch = {
  /** Text anywhere in a line (searched on the server, any case). */
  q: string;
  /** A process type (`web`), or `slipway` / `router`. */
  process: string;
  source: RetainedLogLine['kind'] | '';
  /** ISO time to start from (a jump to a time or a release). */
  at: string;
  /** The release jumped to, for the heading. */
  release?: number;
  /** `retained`: search the kept lines even without a filter. */
  view: 'live' | 'retained';
};

/** Whether the retained lines are shown (any filter or a jump), else the live stream. */
export const showsRetained = (s: LogSearch) =>
  s.view === 'retained' || Boolean(s.q || s.source || s.at);

export function readLogSearch(params: URLSearchParams): LogSearch {
  const source = params.get('source') ?? '';
  const at = params.get('at') ?? '';
  const release = Number(params.get('release'));
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    process: params.get('process') ?? '',
    source: SOURCES.includes(source as RetainedLogLine['kind'])
      ? (source as RetainedLogLine['kind'])
      : '',
    at: at && !Number.isNaN(Date.parse(at)) ? at : '',
    release: Number.isInteger(release) && release > 0 ? release : undefined,
    view: params.get('view') === 'retained' ? 'retained' : 'live',
  };
}

export function writeLogSearch(search: LogSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.process) params.set('process', search.process);
  if (search.source) params.set('source', search.source);
  if (search.at) params.set('at', search.at);
  if (search.at && search.release)
    params.set('release', String(search.release));
  if (search.view === 'retained') params.set('view', 'retained');
  return params;
}

/** The link of the Logs tab at a release's time (relative to the app's sections). */
export const releaseLogsLink = (version: number, createdAt: string) =>
  `logs?${writeLogSearch({
    q: '',
    process: '',
    source: '',
    at: createdAt,
    release: version,
    view: 'retained',
  })}`;

/** The Logs tab's search, kept in the URL so reload, back and a shared link show the same lines. */
export function useLogSearchState() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => readLogSearch(params), [params]);
  const update = useCallback(
    (change: Partial<LogSearch>) =>
      setParams(current => {
        const next = { ...readLogSearch(current), ...change };
        // A jump's release only names the time it was made with.
        if (change.at !== undefined && change.release === undefined)
          next.release = undefined;
        return writeLogSearch(next);
      }),
    [setParams],
  );
  return { search, update };
}
