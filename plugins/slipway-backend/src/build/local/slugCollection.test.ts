import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectSlugs, slugHash } from './slugCollection';

/** The scheduled collection of slugs no build names, on a real directory. */
describe('collecting slugs', () => {
  let dataDir: string;
  const hash = (c: string) => c.repeat(64);
  const slug = (name: string, ageMs: number) => {
    const dir = path.join(dataDir, 'slugs', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'server.js'), '');
    const when = new Date(Date.now() - ageMs);
    fs.utimesSync(dir, when, when);
  };
  const present = () => fs.readdirSync(path.join(dataDir, 'slugs')).sort();

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-slugs-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('removes old slugs and abandoned build trees no build names, keeping named and recent ones', async () => {
    const hour = 3_600_000;
    slug(hash('a'), 5 * hour); // named by a build
    slug(hash('b'), 5 * hour); // named by none: goes
    slug(hash('c'), 0); // just stored, its build not yet recorded
    slug('.staging-0123abcd', 5 * hour); // a build tree a stopped backend left
    slug('.staging-4567abcd', 0); // a build running now
    slug('not-a-slug', 5 * hour); // not ours to judge
    const removed = await collectSlugs({
      dataDir,
      referenced: new Set([hash('a')]),
      keepAfter: new Date(Date.now() - 2 * hour),
    });
    expect(removed).toEqual([hash('b')]);
    expect(present()).toEqual(
      ['.staging-4567abcd', hash('a'), hash('c'), 'not-a-slug'].sort(),
    );
  });

  it('removes only the given slugs of a deleted app, unless another app names them', async () => {
    slug(hash('a'), 0);
    slug(hash('b'), 0);
    slug(hash('d'), 0);
    const removed = await collectSlugs({
      dataDir,
      referenced: new Set([hash('b')]),
      only: [hash('a'), hash('b')],
    });
    expect(removed).toEqual([hash('a')]);
    expect(present()).toEqual([hash('b'), hash('d')]);
  });

  it('has nothing to do without a slugs directory, and reads only slug images', async () => {
    expect(await collectSlugs({ dataDir, referenced: new Set() })).toEqual([]);
    expect(slugHash(`slug:${hash('e')}`)).toBe(hash('e'));
    expect(slugHash('slug:../../etc')).toBeUndefined();
    expect(slugHash('registry.example.com/shop:1')).toBeUndefined();
  });
});
