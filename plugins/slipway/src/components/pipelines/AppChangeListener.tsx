import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect } from 'react';
import { appChannel } from '../shared';

/**
 * Calls `onChange` on every signal of one app's channel: a page that shows several apps (the
 * Pipeline page) refetches when any of them changes (a release rolled out, a build finished).
 */
export function AppChangeListener(props: { app: string; onChange(): void }) {
  const { lastSignal } = useSignal(appChannel(props.app));
  const { onChange } = props;
  useEffect(() => {
    if (lastSignal) onChange();
  }, [lastSignal, onChange]);
  return null;
}
