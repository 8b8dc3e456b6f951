import { cpuLimitProblem, memoryLimitProblem } from './limits';
import { parseOwnerRef, ownerRefProblem } from './owner';
import { autoscaleProblem, bodySizeProblem, TIMEOUT_BOUNDS } from './settings';
import { tagKeyProblem, tagValueProblem } from './tags';
import { probeCommandProblem, probePathProblem } from './healthcheck';
import { wholeNumberProblem } from './numbers';

describe('owners', () => {
  it.each([
    ['team-b', 'group:default/team-b'],
    ['Team-B', 'group:default/team-b'],
    ['group:default/team-a', 'group:default/team-a'],
    ['user:default/Jane', 'user:default/jane'],
    ['user:jane', 'user:default/jane'],
    ['group:ops/platform', 'group:ops/platform'],
  ])('reads %j as %s', (owner, ref) => {
    expect(parseOwnerRef(owner)).toEqual({ ref });
    expect(ownerRefProblem(owner)).toBeUndefined();
  });

  it.each([
    ['', /user or group/],
    ['component:default/shop', /is a component/],
    ['team b!', /not a valid entity ref/],
    ['user:default/', /not a valid entity ref/],
    ['group:a b/team', /not a valid entity ref/],
    [42, /user or group/],
  ])('refuses %j', (owner, message) => {
    expect(ownerRefProblem(owner)).toMatch(message);
  });
});

describe('limits', () => {
  it.each(['512Mi', '1Gi', '1.5G', '100000'])('accepts memory %s', m =>
    expect(memoryLimitProblem('web', m)).toBeUndefined(),
  );
  it.each(['1GB', '-1Mi', 'lots', ''])('refuses memory %j', m =>
    expect(memoryLimitProblem('web', m)).toMatch(/Memory limit of "web"/),
  );
  it.each(['500m', '2', '0.5'])('accepts cpu %s', c =>
    expect(cpuLimitProblem('web', c)).toBeUndefined(),
  );
  it.each(['2 cores', '500M', ''])('refuses cpu %j', c =>
    expect(cpuLimitProblem('web', c)).toMatch(/CPU limit of "web"/),
  );
});

describe('tags', () => {
  it.each(['disktype', 'topology.kubernetes.io/zone', 'a_b.c-d'])(
    'accepts the key %s',
    key => expect(tagKeyProblem(key)).toBeUndefined(),
  );
  it.each(['disk type', '-x', 'Upper.Prefix/x', 'x'.repeat(64)])(
    'refuses the key %j',
    key => expect(tagKeyProblem(key)).toMatch(/label key/),
  );
  it('accepts an empty value and refuses one with spaces', () => {
    expect(tagValueProblem('k', '')).toBeUndefined();
    expect(tagValueProblem('k', 'a b')).toMatch(/label value/);
  });
});

describe('probes', () => {
  it('wants a path starting with / for http and a non-empty command for exec', () => {
    expect(probePathProblem('p', '/health')).toBeUndefined();
    expect(probePathProblem('p', 'health')).toMatch(/starting with "\/"/);
    expect(probePathProblem('p', '/a b')).toMatch(/without spaces/);
    expect(probeCommandProblem('p', ['cat', '/tmp/ok'])).toBeUndefined();
    expect(probeCommandProblem('p', [])).toMatch(/1 to 32/);
  });
});

describe('settings', () => {
  it('bounds timeouts as nginx allows them', () => {
    expect(
      wholeNumberProblem('connectTimeout', 75, TIMEOUT_BOUNDS.connectTimeout),
    ).toBeUndefined();
    expect(
      wholeNumberProblem('connectTimeout', 76, TIMEOUT_BOUNDS.connectTimeout),
    ).toBe('connectTimeout must be a whole number from 1 to 75');
    expect(
      wholeNumberProblem('deployTimeout', 9, TIMEOUT_BOUNDS.deployTimeout),
    ).toMatch(/from 10 to 3600/);
    expect(wholeNumberProblem('x', 1.5, [0, 10])).toMatch(/whole number/);
  });

  it.each(['512k', '1m', '1024m', '100'])('accepts the body size %s', size =>
    expect(bodySizeProblem(size)).toBeUndefined(),
  );
  it.each(['0', '1025m', '1g', '1m; return 200', ''])(
    'refuses the body size %j',
    size => expect(bodySizeProblem(size)).toMatch(/bodySize must be a size/),
  );

  it('wants autoscale bounds of at least one replica with min ≤ max', () => {
    expect(
      autoscaleProblem('web', { min: 1, max: 3, cpuPercent: 70 }),
    ).toBeUndefined();
    expect(autoscaleProblem('web', { min: 0, max: 3, cpuPercent: 70 })).toBe(
      'autoscale.web.min must be a whole number from 1 to 100',
    );
    expect(autoscaleProblem('web', { min: 4, max: 3, cpuPercent: 70 })).toMatch(
      /min \(4\) is more than max \(3\)/,
    );
    expect(
      autoscaleProblem('web', { min: 1, max: 3, cpuPercent: undefined }),
    ).toMatch(/cpuPercent/);
  });
});
