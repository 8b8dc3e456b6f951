import { useEffect } from 'react';

/** How often a running build's status and log are read again. */
export const RUNNING_BUILD_RELOAD_MS = 2000;

/** Calls `reload` every `intervalMs` while `active` (a build is running), so its status and log stay live. */
export function useReloadWhile(
  active: boolean,
  reload: () => void,
  intervalMs = RUNNING_BUILD_RELOAD_MS,
) {
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(reload, intervalMs);
    return () => clearInterval(timer);
  }, [active, reload, intervalMs]);
}
