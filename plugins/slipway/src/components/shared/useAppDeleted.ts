import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useState } from 'react';
import { slipwayApiRef } from '../../api';
import { appChannel } from './channels';

/**
 * Whether the app was deleted while its page is open: on each of the app's signals (deletion
 * sends one) the app is read again, and a 404 means it is gone. Pages that do not poll (logs,
 * activity, settings) learn of it here too.
 */
export function useAppDeleted(app: string): boolean {
  const api = useApi(slipwayApiRef);
  const { lastSignal } = useSignal(appChannel(app));
  const [deleted, setDeleted] = useState<string>();
  useEffect(() => {
    if (!lastSignal) return undefined;
    let current = true;
    api.getApp(app).catch(error => {
      if (current && ResponseError.is(error) && error.response.status === 404) {
        setDeleted(app);
      }
    });
    return () => {
      current = false;
    };
  }, [lastSignal, api, app]);
  return deleted === app;
}
