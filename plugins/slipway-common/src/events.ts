// The events topics the Slipway backend publishes on, for the catalog module's delta mutations (and anyone else's).

/** The events topic of app lifecycle changes. */
export const SLIPWAY_APPS_TOPIC = 'slipway.apps';

/** Payload of an event on {@link SLIPWAY_APPS_TOPIC}. */
export type SlipwayAppsEvent = {
  action: 'created' | 'updated' | 'deleted';
  app: string;
};

/**
 * The events topic of pipelines created and deleted (coupling and decoupling are changes of the app, on
 * {@link SLIPWAY_APPS_TOPIC}).
 */
export const SLIPWAY_PIPELINES_TOPIC = 'slipway.pipelines';

/** Payload of an event on {@link SLIPWAY_PIPELINES_TOPIC}. */
export type SlipwayPipelinesEvent = {
  action: 'created' | 'deleted';
  pipeline: string;
};
