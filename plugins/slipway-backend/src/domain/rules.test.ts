import { diffReleases } from './releases/diff';
import { structureForProcfile } from './releases/structure';
import {
  configChangeSummary,
  deploySummary,
  rollbackSummary,
} from './releases/summary';
import { actorName, normalizeOwner } from './names';

const config = (values: Record<string, string>) => ({
  values,
  limits: {},
  tags: {},
  healthchecks: {},
});

describe('structure after a deploy', () => {
  it('starts web at 1 on a first deploy and other new types at 0', () => {
    expect(structureForProcfile({}, { web: '', worker: 'w' })).toEqual({
      web: 1,
      worker: 0,
    });
  });
  it('keeps replicas of existing types and drops vanished ones', () => {
    expect(
      structureForProcfile({ web: 3, worker: 2 }, { web: '', clock: 'c' }),
    ).toEqual({ clock: 0, web: 3 });
  });
  it('does not start a web process the app scaled to zero', () => {
    expect(structureForProcfile({ web: 0 }, { web: '' })).toEqual({ web: 0 });
  });
});

describe('summaries', () => {
  it('names the actor by the name part of their entity ref', () => {
    expect(actorName('user:default/jane')).toBe('jane');
    expect(actorName('plugin:catalog')).toBe('catalog');
  });
  it('says what changed', () => {
    const changes = diffReleases(
      { config: config({ BAR: '1', BAZ: 'x' }) },
      { config: config({ BAR: '2', FOO: 'y' }) },
      false,
    );
    expect(configChangeSummary('user:default/jane', changes)).toBe(
      'jane added FOO, changed BAR, removed BAZ',
    );
    expect(
      deploySummary('user:default/jane', { image: 'r/x:1', sha: '1a2b3c4d5e' }),
    ).toBe('jane deployed 1a2b3c4');
    expect(deploySummary('user:default/jane', { image: 'r/x:1' })).toBe(
      'jane deployed r/x:1',
    );
    expect(rollbackSummary('user:default/jane', 3)).toBe(
      'jane rolled back to v3',
    );
  });
});

describe('diffs', () => {
  it('shows values only when revealed', () => {
    const from = {
      config: config({ A: '1' }),
      build: { image: 'x:1', procfile: { web: '' } },
    };
    const to = {
      config: config({ A: '2' }),
      build: { image: 'x:1', procfile: { web: '', worker: 'w' } },
    };
    expect(diffReleases(from, to, true)).toEqual([
      { section: 'build', key: 'procfile.worker', change: 'added', to: 'w' },
      { section: 'values', key: 'A', change: 'changed', from: '1', to: '2' },
    ]);
    expect(diffReleases(from, to, false)[1]).toEqual({
      section: 'values',
      key: 'A',
      change: 'changed',
      from: '****',
      to: '****',
    });
  });
});

describe('owners', () => {
  it('normalises to full lowercase entity refs', () => {
    expect(normalizeOwner('Team-A')).toBe('group:default/team-a');
    expect(normalizeOwner('user:default/Jane')).toBe('user:default/jane');
    expect(() => normalizeOwner('')).toThrow(/entity ref/);
  });
});
