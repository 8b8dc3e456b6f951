/** The backend's signal channel of one app (anything about it changed). */
export const appChannel = (app: string) => `slipway:app:${app}`;

/** The backend's signal channel of the apps list. */
export const APPS_CHANNEL = 'slipway:apps';

/** The backend's signal channel of one pipeline (its apps or promotions changed). */
export const pipelineChannel = (pipeline: string) =>
  `slipway:pipeline:${pipeline}`;
