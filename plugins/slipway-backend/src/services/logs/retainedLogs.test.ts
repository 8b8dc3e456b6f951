import fs from 'node:fs';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { LocalRuntime } from '../../runtime/local/LocalRuntime';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { send, testRoute } from '../../routing/builtin/testing/http';
import { testSandbox } from '../../sandbox/__testUtils__/testSandbox';
import {
  desired,
  eventually,
  makeDataDir,
  testSettings,
  writeSlug,
} from '../../runtime/local/testing/fixtures';
import { Ledger } from '../../ledger';
import { migrationsDir } from '../../ledger/Ledger';
import { SecretBox } from '../../crypto';
import { LogRetainer } from './LogRetainer';

jest.setTimeout(60_000);

/**
 * Retained logs on the embedded platform's real parts: processes of the local runtime, the
 * builtin router, and the ledger on SQLite; a "backend restart" is a new runtime and retainer
 * over the same database (the old runtime's in-memory lines and log file are gone).
 */
describe('retained logs', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let dataDir: string;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dataDir = await makeDataDir();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const platform = (ledger: Ledger, maxLines = 10_000) => {
    const runtime = new LocalRuntime(
      testSettings(dataDir),
      mockServices.logger.mock(),
      testSandbox,
    );
    const router = new BuiltinRouter({
      httpPort: 0,
      httpsPort: 0,
      host: '127.0.0.1',
      platformDomain: 'localhost',
    });
    const retainer = new LogRetainer({
      ledger,
      logger: mockServices.logger.mock(),
      retention: { maxLines, maxBytes: 1024 * 1024 },
      flushMs: 20,
    });
    runtime.onLogLine((app, line) => retainer.captured(app, line));
    router.onAccessLog(entry => retainer.request(entry));
    const close = async () => {
      await runtime.close();
      await router.close();
      await retainer.close();
    };
    closers.push(close);
    return { runtime, router, retainer, close };
  };

  it('keeps a crashed process’s last lines and exit code across its restart and a backend restart, and a line per request', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrationsDir });
    const ledger = new Ledger(knex, new SecretBox(Buffer.alloc(32, 1)));
    const first = platform(ledger);
    const image = await writeSlug(dataDir);
    const result = await first.runtime.apply(
      desired('shop', 4, image, {
        procfile: {
          web: 'node server.js',
          // Each run says something of its own (PIDs repeat in a sandbox's namespace).
          worker: 'echo "last words $(date +%s%N)"; sleep 0.3; exit 3',
        },
        structure: { web: 1, worker: 1 },
      }),
    );
    expect(result.status).toBe('ready');
    // Restarted at least once: the first run's lines outlived it.
    await eventually(async () =>
      (
        await first.runtime.processes('shop', 'local')
      ).find(p => p.name === 'worker.1' && p.restarts >= 2),
    );

    // A request through the builtin router: its line, without the query string's values.
    const listening = await eventually(async () => {
      await first.retainer.flush();
      return (
        await ledger.logs.list('shop', { q: 'listening on' }, 'desc', {
          limit: 1,
        })
      ).items[0];
    });
    await first.router.apply([
      testRoute('shop', {
        upstream: {
          addresses: [`127.0.0.1:${listening.line.split(' ').pop()}`],
        },
      }),
    ]);
    const port = first.router.listening()!.httpPort;
    const reply = await send(port, 'shop.localhost', {
      path: '/cart?token=s3cret',
    });
    expect(reply.status).toBe(200);
    await first.close();

    // The backend again: a new runtime and retainer over the same database.
    const second = platform(ledger);
    await second.retainer.flush();
    const worker = await ledger.logs.list(
      'shop',
      { processType: 'worker' },
      'asc',
      { limit: 100 },
    );
    const lines = worker.items.map(l => [l.kind, l.line]);
    expect(lines).toContainEqual([
      'app',
      expect.stringMatching(/^last words \d+$/),
    ]);
    expect(lines).toContainEqual([
      'platform',
      expect.stringMatching(/^Process exited with code 3/),
    ]);
    // Two runs at least, each with its own last words.
    expect(
      new Set(
        lines.filter(([, l]) => l.startsWith('last words')).map(([, l]) => l),
      ).size,
    ).toBeGreaterThanOrEqual(2);
    expect(worker.items.every(l => l.release === 4)).toBe(true);

    const router = await ledger.logs.list('shop', { kind: 'router' }, 'desc', {
      limit: 10,
    });
    expect(router.items).toHaveLength(1);
    expect(router.items[0]).toMatchObject({
      source: 'router',
      processType: 'router',
    });
    expect(router.items[0].line).toMatch(
      /^method=GET path="\/cart" status=200 duration=\d+ms bytes=\d+ client=127\.0\.0\.1$/,
    );
    expect(router.items[0].line).not.toContain('s3cret');
  });

  it('honours its bound: only the newest lines of an app are kept', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrationsDir });
    const ledger = new Ledger(knex, new SecretBox(Buffer.alloc(32, 1)));
    const { runtime, retainer } = platform(ledger, 100);
    const image = await writeSlug(dataDir, {
      'count.js':
        'for (let i = 1; i <= 1000; i++) console.log("n" + i); setInterval(() => {}, 1000);',
    });
    await runtime.apply(
      desired('shop', 2, image, {
        procfile: { worker: 'node count.js' },
        structure: { worker: 1 },
      }),
    );
    const newest = await eventually(async () => {
      await retainer.flush();
      const page = await ledger.logs.list('shop', {}, 'desc', { limit: 1 });
      return page.items[0]?.line === 'n1000' ? page : undefined;
    });
    expect(newest.totalItems).toBe(100);
    const oldest = await ledger.logs.list('shop', {}, 'asc', { limit: 1 });
    expect(oldest.items[0].line).toBe('n901');
  });
});
