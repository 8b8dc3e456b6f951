import type { Ledger } from '../../ledger';
import {
  collectSlugs,
  removeBuildCache,
  slugHash,
} from '../../build/local/slugCollection';

/**
 * What local builds leave on disk, kept only while an app needs it: the app's build cache goes
 * with the app, and so do its slugs that no other app's build names (slugs are content-addressed,
 * so two apps, or a promotion, may share one). A scheduled collection removes whatever slug no
 * build names any more, and build trees a stopped backend left behind.
 */
export class BuildFiles {
  constructor(
    private readonly ledger: Ledger,
    private readonly dataDir: string,
  ) {}

  /** The app's build cache only (on a transfer: the old owner wrote it, the new owner's builds would trust it). */
  async removeCache(app: string): Promise<void> {
    await removeBuildCache(this.dataDir, app);
  }

  /** Called while the app's builds are still recorded (before the ledger forgets them). */
  async removeApp(app: string): Promise<string[]> {
    await removeBuildCache(this.dataDir, app);
    const own = hashes(await this.ledger.builds.imagesOf(app, 'slug:'));
    if (own.length === 0) return [];
    const elsewhere = await this.ledger.builds.referencedImages('slug:', app);
    return collectSlugs({
      dataDir: this.dataDir,
      referenced: new Set(hashes([...elsewhere])),
      only: own,
    });
  }

  /** Removes the slugs no build names, if older than `graceMs` (a slug is stored just before its build is recorded). */
  async collect(now: Date, graceMs: number): Promise<string[]> {
    const referenced = await this.ledger.builds.referencedImages('slug:');
    return collectSlugs({
      dataDir: this.dataDir,
      referenced: new Set(hashes([...referenced])),
      keepAfter: new Date(now.getTime() - graceMs),
    });
  }
}

function hashes(images: string[]): string[] {
  return images.flatMap(image => slugHash(image) ?? []);
}
