import { diffReleases } from './diff';

describe('release diffs', () => {
  const config = { values: {}, limits: {}, tags: {}, healthchecks: {} };
  const slug = (c: string) => `slug:${c.repeat(64)}`;
  const from = { config, build: { image: slug('a'), procfile: {} } };
  const to = { config, build: { image: slug('b'), procfile: {} } };

  it('shows readers a slug as its first 12 characters, like a short commit id', () => {
    expect(diffReleases(from, to, false)).toEqual([
      {
        section: 'build',
        key: 'image',
        change: 'changed',
        from: `slug:${'a'.repeat(12)}`,
        to: `slug:${'b'.repeat(12)}`,
      },
    ]);
  });

  it('shows the whole hash to those who may read config', () => {
    expect(diffReleases(from, to, true)[0]).toMatchObject({
      from: slug('a'),
      to: slug('b'),
    });
  });
});
