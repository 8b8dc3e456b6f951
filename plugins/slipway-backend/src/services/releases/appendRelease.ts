import { NotFoundError } from '@backstage/errors';
import {
  isUniqueViolation,
  type Ledger,
  type ReleaseRecord,
} from '../../ledger';

const MAX_ATTEMPTS = 25;

export type NextRelease = Pick<
  ReleaseRecord,
  'buildId' | 'config' | 'summary' | 'createdBy'
>;

/**
 * Appends the next release of an app: reads the latest release, lets `make` derive the next one
 * (and write anything that belongs with it, on the same transaction), and inserts it as
 * version latest+1 with a `release.create` event. On PostgreSQL writers of one app take turns on
 * the app's row lock (also across backend replicas); two writers that still compute the same
 * version (SQLite, an older replica during a rollout) collide on UNIQUE(app, version) and the
 * loser retries on fresh state, so versions stay gap-free and no change is lost.
 */
export async function appendRelease(
  ledger: Ledger,
  app: string,
  now: () => Date,
  make: (latest: ReleaseRecord, tx: Ledger) => Promise<NextRelease>,
): Promise<ReleaseRecord> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ledger.transaction(async tx => {
        // Writers of this app queue here (PostgreSQL); the retry below stays for the rest.
        await tx.apps.lockForUpdate(app);
        const latest = await tx.releases.latest(app);
        if (!latest) throw new NotFoundError(`App "${app}" not found`);
        const next = await make(latest, tx);
        const release: ReleaseRecord = {
          ...next,
          app,
          version: latest.version + 1,
          createdAt: now().toISOString(),
          status: 'pending',
        };
        await tx.releases.insert(release);
        await tx.events.append({
          app,
          type: 'release.create',
          message: `v${release.version}: ${release.summary}`,
          actor: release.createdBy,
          createdAt: release.createdAt,
          details: {
            version: release.version,
            ...(release.buildId ? { build: release.buildId } : {}),
          },
        });
        return release;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
      // Someone else took this version; back off a little (jittered) and recompute.
      await new Promise(resolve =>
        setTimeout(resolve, Math.random() * 5 * attempt),
      );
    }
  }
}
