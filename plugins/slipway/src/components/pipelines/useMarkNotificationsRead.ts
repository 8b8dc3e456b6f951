import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useCallback } from 'react';

type NotificationRow = { id: string; payload?: { scope?: string } };

/**
 * Marks the caller's unread notifications about one promotion read, once they decided it here:
 * the "Approve promotion?" notification has done its job. Through the notifications backend's
 * REST API (what its own client calls); a portal without notifications answers 404, ignored.
 */
export function useMarkNotificationsRead() {
  const discovery = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useCallback(
    async (promotionId: string) => {
      try {
        const base = await discovery.getBaseUrl('notifications');
        const res = await fetchApi.fetch(
          `${base}/notifications?read=false&topic=slipway&limit=100`,
        );
        if (!res.ok) return;
        const body = (await res.json()) as {
          notifications?: NotificationRow[];
        };
        const ids = (body.notifications ?? [])
          .filter(n => n.payload?.scope === `promotion:${promotionId}`)
          .map(n => n.id);
        if (ids.length === 0) return;
        await fetchApi.fetch(`${base}/notifications/update`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ids, read: true }),
        });
      } catch {
        // Only a convenience: the decision itself is made and shown.
      }
    },
    [discovery, fetchApi],
  );
}
