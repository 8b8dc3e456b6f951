import { AuthFailures, AuthLimits } from './authFailures';

describe('failed authentications per client address', () => {
  it('refuses an address after its failures until its window ends, and others not', () => {
    let now = 0;
    const failures = new AuthFailures({
      maxFailures: 2,
      windowMs: 10_000,
      now: () => now,
    });
    failures.fail('10.0.0.1');
    failures.check('10.0.0.1');
    failures.fail('10.0.0.1');
    expect(() => failures.check('10.0.0.1')).toThrow(
      expect.objectContaining({ statusCode: 429, retryAfterSeconds: 10 }),
    );
    failures.check('10.0.0.2');
    now = 10_000;
    failures.check('10.0.0.1');
  });

  it('remembers a bounded number of addresses, forgetting the oldest', () => {
    const failures = new AuthFailures({ maxFailures: 1, maxClients: 100 });
    for (let i = 0; i < 100_000; i++) failures.fail(`client-${i}`);
    expect(failures.size).toBe(100);
    failures.check('client-0');
    expect(() => failures.check('client-99999')).toThrow(/Too many/);
  });
});

describe("the git remote's failed-authentication limit", () => {
  const bad = { client: '10.0.0.1', app: 'shop', token: 'slw_stale' };

  it("stops a client repeating a bad token for an app, not the app's other tokens nor other apps", () => {
    const limits = new AuthLimits({ maxFailures: 3, now: () => 0 });
    for (let i = 0; i < 3; i++) {
      limits.check(bad);
      limits.fail(bad);
    }
    expect(() => limits.check(bad)).toThrow(
      expect.objectContaining({ statusCode: 429 }),
    );
    // Behind one proxy: the same address, another (valid) token for the same app.
    limits.check({ ...bad, token: 'slw_valid' });
    // The same bad token for another app, from the same address.
    limits.check({ ...bad, app: 'blog' });
  });

  it('bounds guessing with ever new tokens per app and address, leaving other apps alone', () => {
    const limits = new AuthLimits({
      maxFailures: 3,
      maxFailuresPerApp: 5,
      now: () => 0,
    });
    for (let i = 0; i < 5; i++) limits.fail({ ...bad, token: `slw_guess${i}` });
    expect(() => limits.check({ ...bad, token: 'slw_next' })).toThrow(
      /for shop from this address/,
    );
    limits.check({ ...bad, app: 'blog', token: 'slw_next' });
    limits.check({ ...bad, client: '10.0.0.2', token: 'slw_next' });
  });

  it('bounds failures from one address across all apps, made-up names included', () => {
    const limits = new AuthLimits({ maxFailuresPerClient: 5, now: () => 0 });
    for (let i = 0; i < 5; i++)
      limits.fail({ ...bad, app: `made-up-${i}`, token: `slw_${i}` });
    expect(() => limits.check({ ...bad, app: 'another' })).toThrow(
      /^Too many failed authentications from this address/,
    );
    limits.check({ ...bad, client: '10.0.0.2', app: 'another' });
  });
});
