import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from '../ledger/Ledger';
import { LogStore } from '../ledger/LogStore';
import type { NewLogLine } from '../ledger';
import { LogRetainer } from '../services/logs/LogRetainer';

jest.setTimeout(60_000);

const lineOf = (app: string, text: string): NewLogLine => ({
  app,
  time: new Date().toISOString(),
  kind: 'app',
  source: 'web.1',
  line: text,
});

/**
 * The retainer's queue is shared by every app. A tenant's `yes x` fills a 64 KiB pipe read with
 * 32768 lines, all captured in one go: two reads and the queue's 50,000 lines are one app's.
 */
describe('red team: one app flooding its logs', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('does not evict the lines another app had queued', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrationsDir });
    const store = new LogStore(knex);
    const retainer = new LogRetainer({
      ledger: { logs: store },
      logger: mockServices.logger.mock(),
      retention: { maxLines: 1000, maxBytes: 1024 * 1024 },
      flushMs: 60_000,
    });
    for (let i = 0; i < 20; i++) retainer.add(lineOf('victim', `order ${i}`));
    for (let read = 0; read < 2; read++)
      for (let i = 0; i < 32_768; i++) retainer.add(lineOf('flooder', 'x'));
    await retainer.close();

    const victim = await store.list('victim', {}, 'asc', { limit: 100 });
    expect(victim.items.map(l => l.line)).toEqual(
      Array.from({ length: 20 }, (_, i) => `order ${i}`),
    );
    // The flooder keeps its own bound, its newest lines.
    const flooder = await store.list('flooder', {}, 'asc', { limit: 1 });
    expect(flooder.totalItems).toBe(1000);
    expect(retainer.dropped).toBe(65_536 - 1000);
  });
});

/**
 * RT28: lines of 16 KiB (a pod printing megabyte lines, cut) from many apps: the queue was bounded
 * in lines only, so 50,000 of them held 800 MB (more in UTF-16) while the database was slow.
 */
describe('red team: apps flooding long lines (was: medium)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('bounds the text queued, dropping from the app with the most, not the others', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrationsDir });
    const store = new LogStore(knex);
    const retainer = new LogRetainer({
      ledger: { logs: store },
      logger: mockServices.logger.mock(),
      retention: { maxLines: 10_000, maxBytes: 5 * 1024 * 1024 },
      flushMs: 60_000,
    });
    for (let i = 0; i < 20; i++) retainer.add(lineOf('victim', `order ${i}`));
    const long = 'x'.repeat(16 * 1024);
    // Each app's output alone is within its own bound (5 MiB): 20 apps of 300 lines.
    for (let i = 0; i < 300; i++)
      for (let app = 0; app < 20; app++)
        retainer.add(lineOf(`flooder-${app}`, long));
    // At most 32 Mi characters wait: 2048 of these lines.
    expect(retainer.dropped).toBeGreaterThanOrEqual(20 * 300 - 2048);
    await retainer.close();
    const victim = await store.list('victim', {}, 'asc', { limit: 100 });
    expect(victim.totalItems).toBe(20);
  });

  it('drops an app’s oldest queued lines beyond the bytes it keeps', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrationsDir });
    const retainer = new LogRetainer({
      ledger: { logs: new LogStore(knex) },
      logger: mockServices.logger.mock(),
      retention: { maxLines: 10_000, maxBytes: 64 * 1024 },
      flushMs: 60_000,
    });
    for (let i = 0; i < 100; i++)
      retainer.add(lineOf('flooder', 'x'.repeat(16 * 1024)));
    expect(retainer.dropped).toBe(100 - 4);
    await retainer.close();
  });
});
