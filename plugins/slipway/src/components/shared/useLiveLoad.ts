import { ResponseError } from '@backstage/errors';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** How often a view refetches while something is settling (a pending release, a starting process…). */
export const SETTLING_POLL_MS = 1500;
/** How often a view refetches otherwise: heals a missed signal and changes nothing signals (a crash). */
export const STEADY_POLL_MS = 15000;

export type LiveLoadOptions<T> = {
  /** Signal channel whose signals mean "refetch", e.g. `slipway:app:shop`. */
  channel: string;
  /** Whether the loaded state is still changing on its own; then the view polls often. */
  settling?: (value: T) => boolean;
};

type LoadedState<T> = {
  value?: T;
  error?: unknown;
  loading: boolean;
  /** A refetch answered 404 after a load succeeded: the app was deleted meanwhile. */
  deleted?: boolean;
};

/** What an open page of a deleted app shows instead of its last data or a bare 404. */
export class AppDeletedError extends Error {
  name = 'AppDeletedError';
  constructor() {
    super('This app was deleted.');
  }
}

const isNotFound = (error: unknown) =>
  ResponseError.is(error) && error.response.status === 404;

/**
 * Loads a view's data and keeps it current: refetches on every signal of `channel`, and polls
 * (often while settling or when signals are not installed, seldom otherwise). A refetch keeps
 * the shown data until the new answer arrives; overlapping refetches coalesce into one more.
 */
export function useLiveLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: LiveLoadOptions<T>,
) {
  const [state, setState] = useState<LoadedState<T>>({ loading: true });
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const generation = useRef(0);
  const running = useRef<{ again: boolean } | undefined>();

  const reload = useCallback(async () => {
    if (running.current) {
      running.current.again = true;
      return;
    }
    const mine = generation.current;
    const run = { again: true };
    running.current = run;
    setState(s => ({ ...s, loading: true }));
    while (run.again) {
      run.again = false;
      try {
        const value = await latestLoad.current();
        if (generation.current !== mine) break;
        setState({ value, loading: false });
      } catch (error) {
        if (generation.current !== mine) break;
        setState(s =>
          s.value !== undefined && isNotFound(error)
            ? { deleted: true, loading: false }
            : { ...s, error, loading: false },
        );
        // Nothing more will change on a deleted app's page: stop asking.
        if (isNotFound(error)) break;
      }
    }
    if (running.current === run) running.current = undefined;
  }, []);

  // New inputs (another app): forget what was shown and load afresh.
  useEffect(() => {
    generation.current += 1;
    running.current = undefined;
    setState({ loading: true });
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const { lastSignal, isSignalsAvailable } = useSignal(options.channel);
  const deleted = Boolean(state.deleted);
  useEffect(() => {
    if (lastSignal && !deleted) void reload();
  }, [lastSignal, reload, deleted]);

  const settling =
    state.value !== undefined && options.settling
      ? options.settling(state.value)
      : false;
  const pollMs =
    settling || !isSignalsAvailable ? SETTLING_POLL_MS : STEADY_POLL_MS;
  useEffect(() => {
    if (deleted) return undefined;
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) void reload();
    }, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, reload, deleted]);

  return {
    value: state.value,
    // Only the first load shows progress; refetches update in place.
    loading: state.loading && state.value === undefined,
    error: shownError(state, deleted),
    deleted,
    reload,
  };
}

/** A deleted app's page says so; otherwise an error shows only while there is nothing to show. */
function shownError<T>(state: LoadedState<T>, deleted: boolean): unknown {
  if (deleted) return new AppDeletedError();
  return state.value === undefined ? state.error : undefined;
}
