import { useCallback, useRef, useState } from 'react';
import { useActionScope } from './ActionScope';
import { errorMessage } from './errorMessage';

/** The state of one user action (a mutation): running, then its result or the API's error. */
export type ActionState = {
  pending: boolean;
  /** What happened, e.g. "Created release v7". */
  result?: string;
  /** The API's error message. */
  error?: string;
};

/**
 * Runs a mutation and keeps what the user needs to see about it.
 * `describe` turns the response into the result message; `onDone` reloads what changed.
 * `run` resolves to whether the action succeeded.
 */
export function useAction<A extends unknown[], R>(
  perform: (...args: A) => Promise<R>,
  describe: (response: R, ...args: A) => string,
  onDone?: (response: R) => void,
) {
  const [state, setState] = useState<ActionState>({ pending: false });
  const latest = useRef({ perform, describe, onDone });
  latest.current = { perform, describe, onDone };
  const scope = useActionScope();
  const claim = scope?.claim;
  const mine = useRef<number>();

  const run = useCallback(
    async (...args: A): Promise<boolean> => {
      mine.current = claim?.();
      setState({ pending: true });
      try {
        const response = await latest.current.perform(...args);
        setState({
          pending: false,
          result: latest.current.describe(response, ...args),
        });
        latest.current.onDone?.(response);
        return true;
      } catch (error) {
        setState({ pending: false, error: errorMessage(error) });
        return false;
      }
    },
    [claim],
  );

  const reset = useCallback(() => setState({ pending: false }), []);

  // A later action in the same scope owns the message area now.
  const superseded =
    scope !== undefined &&
    mine.current !== undefined &&
    scope.latest !== mine.current;
  const shown = superseded && !state.pending ? { pending: false } : state;

  return { ...shown, state: shown, run, reset };
}
