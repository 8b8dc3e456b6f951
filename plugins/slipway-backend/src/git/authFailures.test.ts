import { AuthFailures } from './authFailures';

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
