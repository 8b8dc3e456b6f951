import type { BuildRecord, Ledger } from '../ledger';
import type { SlipwayNotifier } from './SlipwayNotifier';

/**
 * The reconciler's and the build service's failure hooks: each looks up the app's current owner
 * and tells them (a destroyed app has nobody left to tell).
 */
export function failureHooks(ledger: Ledger, notifier: SlipwayNotifier) {
  const ownerOf = async (app: string) => {
    const record = await ledger.apps.get(app);
    return record && { name: record.name, owner: record.owner };
  };
  return {
    onReleaseFailed: async (app: string, version: number, reason: string) => {
      const owner = await ownerOf(app);
      if (owner) await notifier.releaseFailed(owner, version, reason);
    },
    onBuildFailed: async (build: BuildRecord) => {
      const owner = await ownerOf(build.app);
      if (owner) await notifier.buildFailed(owner, build);
    },
  };
}
