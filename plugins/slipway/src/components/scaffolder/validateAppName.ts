import { appNameProblem } from '@slipway/plugin-slipway-common';
import type { SlipwayApi } from '@slipway/plugin-slipway-common';

/**
 * Why `name` cannot be a new app, or `undefined` when it can: the API's name rules, then whether
 * an app of that name exists (everyone may read every app, so a 404 means free). A failed lookup
 * is no reason to block the form: the API decides when the template runs.
 */
export async function appNameUnavailable(
  api: Pick<SlipwayApi, 'getApp'>,
  name: string,
): Promise<string | undefined> {
  const problem = appNameProblem(name);
  if (problem) return problem;
  const taken = await api.getApp(name).then(
    () => true,
    () => false,
  );
  return taken
    ? `An app named "${name}" already exists: choose another name`
    : undefined;
}
