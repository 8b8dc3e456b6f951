import { TestDatabases } from '@backstage/backend-test-utils';
import { AcmeChallenges, AcmeIssuer } from '../acme';
import { testServices } from '../services/__testUtils__/testServices';

jest.setTimeout(60_000);

/** Red team (rt26): who may claim a name, and what the issuer orders for it. */
describe('red team: domain ownership and automatic certificates', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let t: Awaited<ReturnType<typeof testServices>>;

  /** An issuer whose every order fails at once (recorded as failed), and the domains it ordered. */
  const failingIssuer = (
    now: () => Date,
    settings: { ordersPerAppPerHour?: number } = {},
  ) => {
    const issuer = new AcmeIssuer({
      ledger: t.ledger,
      settings: {
        directoryUrl: 'https://127.0.0.1:27020/dir',
        renewBeforeMs: 30 * 86_400_000,
        retryAfterMs: 3_600_000,
        ...settings,
      },
      challenges: new AcmeChallenges(),
      notifier: { autoTlsFailed: async () => {} },
      logger: t.logger,
      reconcile: () => {},
      now,
    });
    const ordered: string[] = [];
    jest
      .spyOn(
        issuer as unknown as { order: (d: string) => Promise<never> },
        'order',
      )
      .mockImplementation(async domain => {
        ordered.push(domain);
        throw new Error('no directory here');
      });
    return { issuer, ordered };
  };

  beforeAll(async () => {
    t = await testServices(await databases.init('SQLITE_3'));
    // The victim serves every name of its zone (its DNS: *.victim.example.com → the router).
    await t.services.apps.create(t.jane, { name: 'zed' });
    await t.services.domains.add(t.jane, 'zed', {
      domain: '*.victim.example.com',
    });
    await t.services.apps.create(t.jane, { name: 'aaa' });
    await t.services.settings.patch(t.jane, 'aaa', { autoTls: true });
  });

  // Finding (medium, fixed): another tenant could add shop.victim.example.com, take that name's
  // traffic from the wildcard's app (an exact name wins in both routers) and, with autoTls, get a
  // publicly trusted certificate for it, since the victim's DNS already points here.
  it('refuses a name under another app’s wildcard (any depth), and stores nothing', async () => {
    for (const domain of [
      'shop.victim.example.com',
      'a.b.victim.example.com',
      '*.a.victim.example.com',
    ]) {
      await expect(
        t.services.domains.add(t.jane, 'aaa', { domain }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('*.victim.example.com'),
      });
    }
    expect(await t.ledger.domains.list('aaa')).toEqual([]);
    // The wildcard's own app may name its hosts; others may use unrelated names.
    await t.services.domains.add(t.jane, 'zed', {
      domain: 'www.victim.example.com',
    });
    await t.services.domains.add(t.jane, 'aaa', {
      domain: 'victim.example.com',
    });
    await t.services.domains.add(t.jane, 'aaa', {
      domain: 'shop.other.example.com',
    });
  });

  // Finding (low, fixed): a wildcard domain with autoTls made an HTTP-01 order every retry
  // period, forever, that could only fail (wildcards need DNS-01), against the directory's rate
  // limits shared by every app's certificates.
  it('makes no ACME order for a wildcard domain', async () => {
    await t.services.domains.add(t.jane, 'aaa', {
      domain: '*.wild.example.com',
    });
    const { issuer, ordered } = failingIssuer(() => new Date());
    await issuer.run();
    expect(ordered.sort()).toEqual([
      'shop.other.example.com',
      'victim.example.com',
    ]);
    expect(await t.ledger.acme.get('*.wild.example.com')).toBeUndefined();
    // Its plain names are still ordered.
    expect((await t.ledger.acme.get('victim.example.com'))?.state).toBe(
      'failed',
    );
  });

  // Finding (medium, fixed): a domain that can never validate (DNS elsewhere, or a name the
  // tenant does not control at all) was ordered again every `retryAfter` (1 hour) forever, one
  // order per domain, and domains per app were not capped: one tenant with a few hundred such
  // domains spent the directory's per-account limits (Let's Encrypt: 300 new orders per 3 hours,
  // 5 failed validations per hostname per hour) that every other app's issuance and renewal share.
  // Now a failing domain backs off (retryAfter × 2^(failures−1), at most 7 days) and each app has
  // a budget of `ordersPerAppPerHour` (default 10) orders.
  it('backs off a domain that keeps failing', async () => {
    let clock = new Date();
    const { issuer, ordered } = failingIssuer(() => clock);
    // A day of hourly runs.
    for (let hour = 0; hour < 24; hour++) {
      clock = new Date(clock.getTime() + 3_600_000 + 1000);
      await issuer.run();
    }
    // It already failed once (test above): ordered at hours 1, 3, 7 and 15, waiting 2, 4, 8 and
    // 16 hours after each failure: 4 orders in the day, not 24.
    expect(ordered.filter(d => d === 'victim.example.com').length).toBe(4);
    const state = await t.ledger.acme.get('victim.example.com');
    expect(state).toMatchObject({ state: 'failed', failures: 5 });
    // The next retry (shown on the Domains tab) is 16 hours after the last failure.
    expect(
      new Date(state!.nextRenewal!).getTime() -
        new Date(state!.updatedAt).getTime(),
    ).toBe(16 * 3_600_000);
  });

  it('orders at most ordersPerAppPerHour per app; other apps are not held up', async () => {
    await t.services.apps.create(t.jane, { name: 'many' });
    await t.services.settings.patch(t.jane, 'many', { autoTls: true });
    for (let i = 0; i < 25; i++) {
      await t.services.domains.add(t.jane, 'many', {
        domain: `d${String(i).padStart(2, '0')}.many.example.com`,
      });
    }
    await t.services.domains.add(t.jane, 'aaa', { domain: 'new.example.com' });
    let clock = new Date(Date.now() + 90 * 86_400_000);
    const { issuer, ordered } = failingIssuer(() => clock, {
      ordersPerAppPerHour: 10,
    });
    await issuer.run();
    const many = () => ordered.filter(d => d.endsWith('.many.example.com'));
    expect(many()).toHaveLength(10);
    // aaa's new domain comes before its retries and has its own budget.
    expect(ordered).toContain('new.example.com');
    // Within the hour nothing more for `many`.
    clock = new Date(clock.getTime() + 30 * 60_000);
    await issuer.run();
    expect(many()).toHaveLength(10);
    // The next hour, the domains never tried go before the ones that failed.
    clock = new Date(clock.getTime() + 31 * 60_000);
    await issuer.run();
    expect(many()).toHaveLength(20);
    expect(new Set(many()).size).toBe(20);
  });
});
