import type { App } from '@slipway/plugin-slipway-common';

/** The app's process types: those of its Procfile and those it runs, sorted. */
export function processTypesOf(app: App): string[] {
  const procfile = app.release?.build?.procfile ?? {};
  return [
    ...new Set([...Object.keys(procfile), ...Object.keys(app.structure)]),
  ].sort();
}
