import type { CatalogApi } from '@backstage/plugin-catalog-react';

/** How often, and how long at most, a new app's entity is looked for in the catalog. */
const POLL_MS = 500;
const MAX_WAIT_MS = 30_000;

/**
 * Resolves once the catalog has the entity `ref` (the Slipway entity provider adds a new app
 * within seconds), or after MAX_WAIT_MS: its page then finds the entity instead of saying
 * "Entity not found" and never looking again.
 */
export async function waitForCatalog(
  catalogApi: Pick<CatalogApi, 'getEntityByRef'> | undefined,
  ref: string,
): Promise<void> {
  if (!catalogApi) return;
  const deadline = Date.now() + MAX_WAIT_MS;
  while (Date.now() < deadline) {
    const entity = await catalogApi.getEntityByRef(ref).catch(() => undefined);
    if (entity) return;
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
}
