import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { appNameProblem } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { slipwayApiRef } from '../../api';

/** Typing waits this long before the name is looked up. */
const CHECK_DEBOUNCE_MS = 250;

export type NameAvailability =
  | { state: 'empty' }
  | { state: 'invalid'; message: string }
  | { state: 'checking' }
  | { state: 'taken'; message: string }
  | { state: 'available'; message: string }
  /** The lookup failed: the API decides at Create. */
  | { state: 'unknown'; message: string };

/**
 * Whether `name` can be a new app, as the user types: the API's own name rules at once, then
 * (debounced) whether an app of that name exists. Everyone may read every app, so a 404 means free.
 */
export function useNameAvailability(name: string): NameAvailability {
  const api = useApi(slipwayApiRef);
  const [debounced, setDebounced] = useState(name);
  useDebounce(() => setDebounced(name), CHECK_DEBOUNCE_MS, [name]);
  const problem = name ? appNameProblem(name) : undefined;
  const lookup = useAsync(async (): Promise<NameAvailability> => {
    if (!debounced || appNameProblem(debounced)) return { state: 'empty' };
    try {
      await api.getApp(debounced);
      return {
        state: 'taken',
        message: `An app named "${debounced}" already exists`,
      };
    } catch (error) {
      if (ResponseError.is(error) && error.statusCode === 404)
        return { state: 'available', message: `"${debounced}" is available` };
      return {
        state: 'unknown',
        message: `Could not check the name: ${(error as Error).message}`,
      };
    }
  }, [api, debounced]);

  if (!name) return { state: 'empty' };
  if (problem) return { state: 'invalid', message: problem };
  if (debounced !== name || lookup.loading || !lookup.value)
    return { state: 'checking' };
  return lookup.value;
}
