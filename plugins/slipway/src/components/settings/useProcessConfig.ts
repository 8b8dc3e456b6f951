import { useApi } from '@backstage/core-plugin-api';
import type { ConfigPatch } from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from '../../api';
import { processTypesOf, useAction, useLoad } from '../shared';

/** The app's process types and its config (limits, tags, healthchecks). */
export function useProcessConfig(app: string) {
  const api = useApi(slipwayApiRef);
  return useLoad(async () => {
    const [details, config] = await Promise.all([
      api.getApp(app),
      api.getConfig(app),
    ]);
    return { types: processTypesOf(details), config };
  }, [api, app]);
}

/** A config change (it makes a release), described for its result message. */
export function useConfigChange(
  app: string,
  describe: (patch: ConfigPatch) => string,
  onDone: () => void,
) {
  const api = useApi(slipwayApiRef);
  return useAction(
    (patch: ConfigPatch) => api.patchConfig(app, patch),
    (release, patch) =>
      `${describe(patch)}: created release v${release.version}`,
    onDone,
  );
}
