/** Signal channel of one app: anything about it changed (release, build, processes, events). */
export const appChannel = (app: string) => `slipway:app:${app}`;

/** Signal channel of the apps list: an app was created, deleted or changed. */
export const APPS_CHANNEL = 'slipway:apps';

/** Signal channel of one pipeline: its apps, or its promotions (requested, decided), changed. */
export const pipelineChannel = (pipeline: string) =>
  `slipway:pipeline:${pipeline}`;
