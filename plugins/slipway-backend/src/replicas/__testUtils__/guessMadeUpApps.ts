import type { Knex } from 'knex';
import { migrationsDir } from '../../ledger';
import { AuthFailureStore } from '../../ledger/AuthFailureStore';
import { SharedAuthLimits } from '../SharedAuthLimits';

/**
 * 50 failed git logins with made-up app names and tokens, attempt `i` from `clientOf(i)`, against
 * the database limiter with a per-address cap of 10: what became of each (`counted` or the
 * refusal's status), how many rows the failure table then holds, and the limiter.
 */
export async function guessMadeUpApps(
  knex: Knex,
  clientOf: (i: number) => string,
) {
  await knex.migrate.latest({ directory: migrationsDir });
  const limits = new SharedAuthLimits(new AuthFailureStore(knex), {
    maxFailuresPerClient: 10,
    now: () => 1_000_000,
  });
  const outcomes: Array<number | 'counted'> = [];
  for (let i = 0; i < 50; i++) {
    const attempt = {
      client: clientOf(i),
      app: `made-up-${i}`,
      token: `slw_${i}`,
    };
    outcomes.push(
      await limits
        .check(attempt)
        .then(() => limits.fail(attempt))
        .then(
          () => 'counted' as const,
          (error: { statusCode: number }) => error.statusCode,
        ),
    );
  }
  const [{ rows }] = await knex('slipway_auth_failures').count({ rows: '*' });
  return { outcomes, rows: Number(rows), limits };
}
