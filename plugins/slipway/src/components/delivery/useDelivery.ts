import { useApi } from '@backstage/core-plugin-api';
import { slipwayApiRef } from '../../api';
import { useLoad } from '../shared';

/** The delivery figures of one app, or of the apps of an owner (a team). */
export type DeliverySubject = { app: string } | { owner: string };

export function useDelivery(subject: DeliverySubject, days: number) {
  const api = useApi(slipwayApiRef);
  const key = 'app' in subject ? `app:${subject.app}` : subject.owner;
  return useLoad(
    () =>
      'app' in subject
        ? api.getAppDelivery(subject.app, days)
        : api.getOwnerDelivery(subject.owner, days),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, days],
  );
}
