import { ConfigReader } from '@backstage/config';
import { readAcmeSettings, retryDelayMs } from './config';

describe('ACME settings', () => {
  it('doubles the retry per failure in a row, at most 7 days', () => {
    const hour = 3_600_000;
    expect(
      [1, 2, 3, 4, 8, 9, 100].map(f => retryDelayMs(hour, f) / hour),
    ).toEqual([1, 2, 4, 8, 128, 168, 168]);
  });

  it('reads ordersPerAppPerHour (default 10) and refuses a bad one', () => {
    const read = (acme: object) =>
      readAcmeSettings(new ConfigReader({ slipway: { acme } }));
    expect(read({}).ordersPerAppPerHour).toBe(10);
    expect(read({ ordersPerAppPerHour: 3 }).ordersPerAppPerHour).toBe(3);
    expect(() => read({ ordersPerAppPerHour: 0 })).toThrow(
      /ordersPerAppPerHour/,
    );
    expect(() => read({ ordersPerAppPerHour: 1.5 })).toThrow(
      /ordersPerAppPerHour/,
    );
  });
});
