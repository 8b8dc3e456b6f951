import { useEffect } from 'react';

/**
 * While `dirty`, asks before the user leaves the page and loses what they staged: on a click on
 * a link inside the portal (another tab, the sidebar) with a confirm, and on reload or close with
 * the browser's own prompt (beforeunload). react-router's blockers need a data router, which
 * Backstage does not use, so links are caught where they are clicked.
 */
export function useUnsavedChangesGuard(dirty: boolean, message: string) {
  useEffect(() => {
    if (!dirty) return undefined;
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return; // opens another tab or window: nothing is lost here
      }
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!link || link.getAttribute('target') === '_blank') return;
      // A blocking confirm, as the browser's own beforeunload prompt is: the click must wait for the answer.
      // eslint-disable-next-line no-alert
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = message;
      return message;
    };
    document.addEventListener('click', onClick, true);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty, message]);
}
