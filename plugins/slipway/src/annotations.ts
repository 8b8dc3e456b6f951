import type { Entity } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';

/** The annotation the catalog module puts on every app's entity: its Slipway app name. */
export const SLIPWAY_APP_ANNOTATION = 'slipway.io/app';

/** Whether the entity is a Slipway app (the Slipway tab and cards only show there). */
export function isSlipwayApp(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[SLIPWAY_APP_ANNOTATION]);
}

/** The Slipway app name of the entity being shown. */
export function useSlipwayAppName(): string {
  const { entity } = useEntity();
  const app = entity.metadata.annotations?.[SLIPWAY_APP_ANNOTATION];
  if (!app) {
    throw new Error(
      `Entity ${entity.metadata.name} has no ${SLIPWAY_APP_ANNOTATION} annotation`,
    );
  }
  return app;
}
