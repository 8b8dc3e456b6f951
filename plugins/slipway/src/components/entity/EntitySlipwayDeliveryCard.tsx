import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { SLIPWAY_APP_ANNOTATION } from '../../annotations';
import { DeliveryCard } from '../delivery/DeliveryCard';

/** Delivery figures of the entity: an app's own, or those of the apps a Group owns. */
export function EntitySlipwayDeliveryCard() {
  const { entity } = useEntity();
  const app = entity.metadata.annotations?.[SLIPWAY_APP_ANNOTATION];
  return (
    <DeliveryCard
      subject={app ? { app } : { owner: stringifyEntityRef(entity) }}
    />
  );
}
