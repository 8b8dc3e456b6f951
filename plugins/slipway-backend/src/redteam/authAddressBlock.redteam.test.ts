import { TestDatabases } from '@backstage/backend-test-utils';
import { addressBlock } from '../git/addressBlock';
import { AuthLimits } from '../git/authFailures';
import { guessMadeUpApps } from '../replicas/__testUtils__/guessMadeUpApps';

jest.setTimeout(60_000);

/**
 * Red team of "failed authentications from one address are capped across all apps": the cap was
 * keyed on the address as written, but one host is given a whole IPv6 /64 (2^64 addresses it can
 * send from), so a new source address per attempt never met the cap and made-up app names grew
 * the failure table without bound again. An IPv4 client seen as `::ffff:192.0.2.1` on a
 * dual-stack listener and as `192.0.2.1` through a proxy is also one address.
 */
describe('the per-address cap counts an IPv6 /64 as one address', () => {
  const bad = { client: '', app: 'made-up', token: 'slw_wrong' };
  const from = (i: number) => `2001:db8:1:2:${(i + 1).toString(16)}::1`;

  it('spells every address of one block one way', () => {
    expect(addressBlock('2001:DB8:0:0a:1::')).toBe('2001:db8:0:a::/64');
    expect(addressBlock('2001:db8::a:ffff:0:0:1')).toBe('2001:db8:0:a::/64');
    expect(addressBlock('::ffff:c000:201')).toBe('192.0.2.1');
    expect(addressBlock('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(addressBlock('192.0.2.1')).toBe('192.0.2.1');
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressBlock('unknown')).toBe('unknown');
  });

  it('in memory', () => {
    const limits = new AuthLimits({ maxFailuresPerClient: 5, now: () => 0 });
    for (let i = 0; i < 5; i++)
      limits.fail({ ...bad, client: from(i), app: `made-up-${i}` });
    expect(() =>
      limits.check({ ...bad, client: '2001:DB8:1:2:ffff:0:0:9' }),
    ).toThrow(/^Too many failed authentications from this address/);
    // Another /64 is another client.
    limits.check({ ...bad, client: '2001:db8:1:3::1' });

    const v4 = new AuthLimits({ maxFailuresPerClient: 2, now: () => 0 });
    v4.fail({ ...bad, client: '192.0.2.1', app: 'made-up-1' });
    v4.fail({ ...bad, client: '::ffff:192.0.2.1', app: 'made-up-2' });
    expect(() => v4.check({ ...bad, client: '192.0.2.1' })).toThrow(
      /^Too many failed authentications from this address/,
    );
    v4.check({ ...bad, client: '192.0.2.2' });
  });

  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'in the database, whose rows stay bounded for a /64 guessing made-up app names, on %p',
    async databaseId => {
      const { outcomes, rows } = await guessMadeUpApps(
        await databases.init(databaseId),
        from,
      );
      expect(outcomes.filter(outcome => outcome === 429)).toHaveLength(40);
      expect(rows).toBeLessThanOrEqual(2 * 10 + 1);
    },
  );
});
