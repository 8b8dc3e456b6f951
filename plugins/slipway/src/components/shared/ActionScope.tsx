import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';

type Scope = {
  /** The id of the action started last in this scope. */
  latest: number;
  /** Marks a new action as the latest; returns its id. */
  claim(): number;
};

const ActionScopeContext = createContext<Scope | undefined>(undefined);

/**
 * A part of the page whose action messages belong to one action: starting an action hides
 * every earlier action's message in the scope (e.g. "Attached a cert" once the cert is removed).
 */
export function ActionScope(props: { children: ReactNode }) {
  const [latest, setLatest] = useState(0);
  const counter = useRef(0);
  const claim = useCallback(() => {
    counter.current += 1;
    setLatest(counter.current);
    return counter.current;
  }, []);
  const scope = useMemo(() => ({ latest, claim }), [latest, claim]);
  return (
    <ActionScopeContext.Provider value={scope}>
      {props.children}
    </ActionScopeContext.Provider>
  );
}

/** The enclosing action scope, if any. */
export function useActionScope(): Scope | undefined {
  return useContext(ActionScopeContext);
}
