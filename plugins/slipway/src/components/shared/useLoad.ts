import { DependencyList } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** Loads data for a view; `reload` after a mutation shows what changed. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList) {
  const { value, loading, error, retry } = useAsyncRetry(load, deps);
  return { value, loading, error, reload: retry };
}
