import { TestDatabases } from '@backstage/backend-test-utils';
import { SecretBox } from '../crypto';
import { buildSeries } from '../metrics/series';
import { MetricsWriter } from '../metrics/MetricsWriter';
import { RequestRecorder } from '../metrics/RequestRecorder';
import { Ledger } from '.';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const NOW = Date.parse('2030-01-15T00:00:00.000Z');

describe('the metric store', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let ledger: Ledger;
    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ledger = await Ledger.create({
        database: { getClient: async () => knex },
        box: new SecretBox(Buffer.alloc(32, 1)),
      });
    });

    it('writes batches, reads a window of one app, prunes past the retention, and retries a failed write', async () => {
      const recorder = new RequestRecorder();
      const sample = (app: string, at: number) =>
        recorder.record({ app, status: 200, durationMs: 5, bytesOut: 10, at });
      sample('shop', NOW - 15 * 1440 * MINUTE); // past 14 days
      sample('shop', NOW - 13 * 1440 * MINUTE);
      sample('shop', NOW - MINUTE);
      sample('blog', NOW - MINUTE);
      let fail = true;
      const writer = new MetricsWriter({
        recorder,
        store: () => {
          if (fail) throw new Error('database away');
          return ledger.metrics;
        },
        retentionDays: 14,
        now: () => new Date(NOW),
      });
      expect(await writer.flush()).toBe(0);
      fail = false;
      sample('shop', NOW - MINUTE);
      // The failed batch goes with the next one; the minute's two rows add up when read.
      expect(await writer.flush()).toBe(5);
      const nowMinute = NOW / MINUTE;
      const shop = await ledger.metrics.requests(
        'shop',
        nowMinute - 20 * 1440,
        nowMinute,
      );
      expect(shop.map(p => [nowMinute - p.minute, p.statuses['2xx']])).toEqual([
        [15 * 1440, 1],
        [13 * 1440, 1],
        [1, 1],
        [1, 1],
      ]);
      expect(
        (await ledger.metrics.requests('shop', nowMinute - 1, nowMinute))
          .length,
      ).toBe(2);

      await ledger.metrics.insertProcesses([
        {
          app: 'shop',
          minute: nowMinute - 1,
          processType: 'web',
          memoryBytes: 2 ** 33,
          cpuMillicores: 250,
        },
      ]);
      expect(
        await ledger.metrics.processes('shop', nowMinute - 1, nowMinute),
      ).toEqual([
        {
          app: 'shop',
          minute: nowMinute - 1,
          processType: 'web',
          memoryBytes: 2 ** 33,
          cpuMillicores: 250,
        },
      ]);

      expect(await writer.prune()).toBe(1);
      const kept = await ledger.metrics.requests('shop', 0, nowMinute);
      expect(kept.map(p => nowMinute - p.minute)).toEqual([13 * 1440, 1, 1]);
      await ledger.metrics.deleteApp('shop');
      expect(await ledger.metrics.requests('shop', 0, nowMinute)).toEqual([]);
      expect(await ledger.metrics.requests('blog', 0, nowMinute)).toHaveLength(
        1,
      );
    });

    it('sums a window per step in the database, the same series as summing minute rows in JS', async () => {
      const base = NOW / MINUTE - 300;
      const points = Array.from({ length: 180 }, (_, i) => ({
        app: 'steps',
        minute: base + i * 1.5 - ((i * 1.5) % 1),
        statuses: { '1xx': 0, '2xx': i, '3xx': 1, '4xx': i % 3, '5xx': 1 },
        bytesOut: 100 * i,
        latency: `${10 + (i % 40)}:${1 + (i % 4)},${60 + (i % 7)}:2`,
      }));
      await ledger.metrics.insertRequests(points);
      await ledger.metrics.insertProcesses(
        points.map(p => ({
          app: 'steps',
          minute: p.minute,
          processType: p.minute % 2 ? 'web' : 'worker',
          memoryBytes: p.bytesOut * 1000,
          cpuMillicores: p.statuses['2xx'],
        })),
      );
      // Unaligned windows read minute rows; aligned ones the 10-minute and hour rollups.
      for (const [offset, stepMinutes] of [
        [3, 1],
        [3, 7],
        [3, 60],
        [0, 10],
        [0, 30],
        [0, 60],
        [0, 120],
      ]) {
        const window = { from: base + offset, to: base + 250, stepMinutes };
        const perMinute = buildSeries(
          window,
          await ledger.metrics.requests('steps', window.from, window.to),
          await ledger.metrics.processes('steps', window.from, window.to),
        );
        const perStep = buildSeries(
          window,
          await ledger.metrics.requestSteps('steps', window),
          await ledger.metrics.processSteps('steps', window),
        );
        expect(perStep).toEqual(perMinute);
        expect(perStep.requests['2xx'].some(n => n > 0)).toBe(true);
      }
    });
  });
});
