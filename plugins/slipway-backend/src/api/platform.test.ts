import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { makeCertificate } from './__testUtils__/certificates';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

const example = makeCertificate(['example.com', '*.example.com']);
const other = makeCertificate(['other.org']);
const expired = makeCertificate(['example.com'], -1);

describe('processes, domains, certs, settings, events and tokens', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    const jane = () => s.as(users.jane);
    const bob = () => s.as(users.bob);
    /** Runs `fn` and proves it changed nothing in the ledger, the runtime or the router. */
    const changesNothing = async (fn: () => Promise<void>) => {
      await s.settled();
      const before = await snapshot(s);
      await fn();
      expect(await snapshot(s)).toEqual(before);
    };

    beforeEach(async () => {
      s = await startSlipway({ database });
      await jane().post('/apps', { name: 'shop' }).expect(201);
    });
    afterEach(async () => {
      await s.stop();
    });

    describe('processes', () => {
      beforeEach(async () => {
        await jane()
          .post('/apps/shop/builds', {
            image: 'registry.test/shop:1',
            procfile: { web: '', worker: 'work' },
          })
          .expect(201);
        await s.settled();
      });

      it('scales process types as an event, and the runtime gets the structure', async () => {
        const res = await jane().post('/apps/shop/scale', {
          web: 3,
          worker: 1,
        });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ web: 3, worker: 1 });
        await s.eventually(() =>
          expect(s.runtime.appliesOf('shop').pop()?.structure).toEqual({
            web: 3,
            worker: 1,
          }),
        );
        const events = await jane().get('/apps/shop/events?limit=1');
        expect(events.body.items[0]).toMatchObject({
          type: 'scale',
          message: 'jane scaled web=3, worker=1',
          actor: users.jane,
        });
        expect((await jane().get('/apps/shop/releases')).body.totalItems).toBe(
          2,
        );
        const processes = await bob().get('/apps/shop/processes');
        expect(processes.status).toBe(200);
        expect(processes.body.map((p: { name: string }) => p.name)).toEqual([
          'web.1',
          'web.2',
          'web.3',
          'worker.1',
        ]);
        expect((await s.as(users.eve).get('/apps/shop/processes')).status).toBe(
          403,
        );
      });

      it.each([
        [{ clock: 1 }, 400, /no process type "clock"/],
        [{ web: -1 }, 400, /must be >= 0/],
        [{ web: 101 }, 400, /must be <= 100/],
        [{ web: '2' }, 400, /must be integer/],
        [{}, 400, /^body must not be empty$/],
      ])(
        'refuses scaling %j and changes nothing',
        async (body, status, message) => {
          await changesNothing(async () => {
            const res = await jane().post('/apps/shop/scale', body);
            expect(res.status).toBe(status);
            expect(res.body.error.message).toMatch(message);
          });
        },
      );

      it('refuses scale, restart and run by callers who may not update the app', async () => {
        await changesNothing(async () => {
          expect(
            (await bob().post('/apps/shop/scale', { web: 2 })).status,
          ).toBe(403);
          expect((await bob().post('/apps/shop/restart', {})).status).toBe(403);
          expect(
            (await bob().post('/apps/shop/run', { command: 'ls' })).status,
          ).toBe(403);
        });
      });

      it('restarts processes through the runtime, as an event', async () => {
        expect(
          (await jane().post('/apps/shop/restart', { type: 'worker' })).status,
        ).toBe(204);
        expect((await jane().post('/apps/shop/restart', {})).status).toBe(204);
        expect(s.runtime.restarts).toEqual([
          { app: 'shop', target: { type: 'worker' } },
          { app: 'shop', target: {} },
        ]);
        const events = await jane().get('/apps/shop/events?limit=2');
        expect(
          events.body.items.map((e: { message: string }) => e.message),
        ).toEqual([
          'jane restarted all processes',
          'jane restarted all worker processes',
        ]);
        await changesNothing(async () => {
          expect(
            (await jane().post('/apps/shop/restart', { type: 'clock' })).status,
          ).toBe(400);
          expect(
            (await jane().post('/apps/shop/restart', { name: 'web 1; rm' }))
              .status,
          ).toBe(400);
        });
      });

      it('runs one-off commands with the current release and config', async () => {
        await jane()
          .patch('/apps/shop/config', { values: { FOO: 'bar' } })
          .expect(201);
        await s.settled();
        const res = await jane().post('/apps/shop/run', { command: 'env' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          exitCode: 0,
          output: 'ran env with FOO=bar\n',
        });
        expect(s.runtime.runs).toEqual([{ version: 3, command: 'env' }]);
        expect(s.audits).toContainEqual({
          eventId: 'run',
          status: 'succeeded',
          meta: { app: 'shop', command: 'env' },
        });
        await changesNothing(async () => {
          expect(
            (await jane().post('/apps/shop/run', { command: '' })).status,
          ).toBe(400);
          expect((await jane().post('/apps/shop/run', {})).status).toBe(400);
        });
      });

      it('streams a one-off command as newline-delimited JSON when asked for, ending with the exit code', async () => {
        const res = await jane()
          .post('/apps/shop/run', { command: 'env' })
          .set('Accept', 'application/x-ndjson');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
        expect(res.headers['cache-control']).toContain('no-transform');
        expect(
          res.text
            .trim()
            .split('\n')
            .map(l => JSON.parse(l)),
        ).toEqual([{ line: 'ran env with FOO=' }, { exitCode: 0 }]);
        // Refusals before the command starts keep their error answers.
        const refused = await s
          .as(users.eve)
          .post('/apps/shop/run', { command: 'env' })
          .set('Accept', 'application/x-ndjson');
        expect(refused.status).toBe(403);
        expect(refused.body.error.name).toBe('NotAllowedError');
      });

      it('serves logs as text, and as server-sent events when following', async () => {
        const text = await bob().get('/apps/shop/logs?lines=1');
        expect(text.status).toBe(200);
        expect(text.headers['content-type']).toMatch(/^text\/plain/);
        expect(text.text).toBe('2026-01-01T00:00:01.000Z web.1: GET / 200\n');
        const sse = await bob().get('/apps/shop/logs?follow=true');
        expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(sse.text).toBe(
          s.runtime.logLines
            .map(line => `data: ${JSON.stringify(line)}\n\n`)
            .join(''),
        );
        expect((await bob().get('/apps/shop/logs?lines=abc')).status).toBe(400);
        expect((await s.as(users.eve).get('/apps/shop/logs')).status).toBe(403);
      });

      it('passes previous=true on to the runtime (the previous run of crashed processes), never with follow', async () => {
        const previous = await bob().get('/apps/shop/logs?previous=true');
        expect(previous.status).toBe(200);
        expect(s.runtime.logCalls.at(-1)).toMatchObject({ previous: true });
        const calls = s.runtime.logCalls.length;
        const both = await bob().get(
          '/apps/shop/logs?previous=true&follow=true',
        );
        expect(both.status).toBe(400);
        expect(both.body.error.message).toMatch(
          /previous=true .* cannot follow/,
        );
        expect(s.runtime.logCalls).toHaveLength(calls);
        expect((await bob().get('/apps/shop/logs?previous=maybe')).status).toBe(
          400,
        );
      });
    });

    it('refuses running commands before the first build', async () => {
      await changesNothing(async () => {
        const res = await jane().post('/apps/shop/run', { command: 'ls' });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/no build/);
        expect((await jane().post('/apps/shop/scale', { web: 1 })).status).toBe(
          400,
        );
      });
    });

    describe('domains and certificates', () => {
      it('adds custom domains to the routes, unique across apps', async () => {
        const res = await jane().post('/apps/shop/domains', {
          domain: 'www.example.com',
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          app: 'shop',
          domain: 'www.example.com',
          createdBy: users.jane,
        });
        await jane()
          .post('/apps/shop/domains', { domain: 'a.example.com' })
          .expect(201);
        await s.eventually(() =>
          expect(s.router.lastTable[0].hosts).toEqual([
            { host: 'shop.apps.test' },
            { host: 'a.example.com' },
            { host: 'www.example.com' },
          ]),
        );
        expect(
          (await bob().get('/apps/shop/domains')).body.map(
            (d: { domain: string }) => d.domain,
          ),
        ).toEqual(['a.example.com', 'www.example.com']);
        await jane().post('/apps', { name: 'blog' }).expect(201);
        await changesNothing(async () => {
          const taken = await jane().post('/apps/blog/domains', {
            domain: 'www.example.com',
          });
          expect(taken.status).toBe(409);
          expect(taken.body.error.message).toBe(
            'Domain "www.example.com" is already used by another app',
          );
          expect(
            (
              await jane().post('/apps/shop/domains', {
                domain: 'www.example.com',
              })
            ).status,
          ).toBe(409);
        });
        expect(
          (await jane().delete('/apps/shop/domains/www.example.com')).status,
        ).toBe(204);
        await s.eventually(() =>
          expect(s.router.lastTable[1].hosts).toHaveLength(2),
        );
        expect(
          (await jane().delete('/apps/shop/domains/www.example.com')).status,
        ).toBe(404);
      });

      it.each([
        [{ domain: 'Example.com' }, /lowercase/],
        [{ domain: 'localhost' }, /two labels/],
        [{ domain: 'a.*.example.com' }, /wildcard/],
        [{ domain: 'evil.com;\n}' }, /not a valid hostname/],
        [{ domain: 'other.apps.test' }, /platform domain/],
        [{}, /required/],
      ])('refuses domain %j and changes nothing', async (body, message) => {
        await changesNothing(async () => {
          const res = await jane().post('/apps/shop/domains', body);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toMatch(message);
        });
      });

      it('refuses domain changes by callers who may not update the app', async () => {
        await jane()
          .post('/apps/shop/domains', { domain: 'www.example.com' })
          .expect(201);
        await changesNothing(async () => {
          expect(
            (
              await bob().post('/apps/shop/domains', {
                domain: 'b.example.com',
              })
            ).status,
          ).toBe(403);
          expect(
            (await bob().delete('/apps/shop/domains/www.example.com')).status,
          ).toBe(403);
          expect((await s.as(users.eve).get('/apps/shop/domains')).status).toBe(
            403,
          );
        });
      });

      it('checks certificates, attaches them to domains for TLS, and never returns the key', async () => {
        const added = await jane().post('/apps/shop/certs', {
          name: 'example',
          ...example,
        });
        expect(added.status).toBe(201);
        expect(added.body).toMatchObject({
          app: 'shop',
          name: 'example',
          sans: ['*.example.com', 'example.com'],
          domains: [],
          subject: 'CN=example.com',
        });
        expect(JSON.stringify(added.body)).not.toContain('PRIVATE KEY');
        await jane()
          .post('/apps/shop/domains', { domain: 'www.example.com' })
          .expect(201);
        await jane()
          .post('/apps/shop/domains', { domain: 'shop.other.org' })
          .expect(201);

        const attached = await jane().post('/apps/shop/certs/example/attach', {
          domain: 'www.example.com',
        });
        expect(attached.status).toBe(200);
        expect(attached.body.domains).toEqual(['www.example.com']);
        await s.eventually(() =>
          expect(
            s.router.lastTable[0].hosts.find(h => h.host === 'www.example.com')
              ?.tls,
          ).toEqual({
            certName: 'example',
            certificate: example.certificate,
            key: example.key,
          }),
        );
        const list = await bob().get('/apps/shop/certs');
        expect(list.body).toHaveLength(1);
        expect(JSON.stringify(list.body)).not.toContain('PRIVATE KEY');
        // The key is encrypted at rest.
        expect(
          JSON.stringify(await s.knex('slipway_certs').select()),
        ).not.toContain('PRIVATE KEY');

        await changesNothing(async () => {
          const notCovered = await jane().post(
            '/apps/shop/certs/example/attach',
            { domain: 'shop.other.org' },
          );
          expect(notCovered.status).toBe(400);
          expect(notCovered.body.error.message).toMatch(
            /does not cover shop.other.org/,
          );
          expect(
            (
              await jane().post('/apps/shop/certs/example/attach', {
                domain: 'nope.example.com',
              })
            ).status,
          ).toBe(404);
          expect(
            (
              await jane().post('/apps/shop/certs/nope/attach', {
                domain: 'www.example.com',
              })
            ).status,
          ).toBe(404);
          expect(
            (
              await jane().post('/apps/shop/certs/example/detach', {
                domain: 'shop.other.org',
              })
            ).status,
          ).toBe(409);
          expect(
            (
              await bob().post('/apps/shop/certs/example/detach', {
                domain: 'www.example.com',
              })
            ).status,
          ).toBe(403);
          expect(
            (
              await bob().post('/apps/shop/certs/example/attach', {
                domain: 'www.example.com',
              })
            ).status,
          ).toBe(403);
          expect((await bob().delete('/apps/shop/certs/example')).status).toBe(
            403,
          );
          expect(
            (await bob().post('/apps/shop/certs', { name: 'x', ...other }))
              .status,
          ).toBe(403);
          expect((await s.as(users.eve).get('/apps/shop/certs')).status).toBe(
            403,
          );
        });

        const detached = await jane().post('/apps/shop/certs/example/detach', {
          domain: 'www.example.com',
        });
        expect(detached.body.domains).toEqual([]);
        await jane()
          .post('/apps/shop/certs/example/attach', {
            domain: 'www.example.com',
          })
          .expect(200);
        expect((await jane().delete('/apps/shop/certs/example')).status).toBe(
          204,
        );
        expect(
          (await jane().get('/apps/shop/domains')).body[1],
        ).not.toHaveProperty('cert');
        await s.eventually(() =>
          expect(
            s.router.lastTable[0].hosts.find(h => h.host === 'www.example.com'),
          ).toEqual({ host: 'www.example.com' }),
        );
      });

      it.each([
        ['an expired certificate', { name: 'old', ...expired }, /expired on/],
        [
          'a key of another certificate',
          { name: 'mixed', certificate: example.certificate, key: other.key },
          /does not belong/,
        ],
        [
          'garbage',
          {
            name: 'bad',
            certificate:
              '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----',
            key: example.key,
          },
          /could not be parsed/,
        ],
        [
          'no key',
          { name: 'bad', certificate: example.certificate },
          /^body\/key is required$/,
        ],
        [
          'a bad name',
          { name: 'Bad Name', ...example },
          /body\/name must match pattern/,
        ],
      ])('refuses %s and changes nothing', async (_what, body, message) => {
        await changesNothing(async () => {
          const res = await jane().post('/apps/shop/certs', body);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toMatch(message);
        });
      });

      it('refuses a second certificate of the same name', async () => {
        await jane()
          .post('/apps/shop/certs', { name: 'example', ...example })
          .expect(201);
        await changesNothing(async () => {
          expect(
            (
              await jane().post('/apps/shop/certs', {
                name: 'example',
                ...other,
              })
            ).status,
          ).toBe(409);
        });
      });
    });

    describe('settings', () => {
      it('has defaults, and changes are events the router gets', async () => {
        const defaults = await bob().get('/apps/shop/settings');
        expect(defaults.body).toEqual({
          maintenance: false,
          routable: true,
          allowlist: [],
          httpsOnly: false,
          hsts: {
            enabled: false,
            maxAge: 31536000,
            includeSubdomains: false,
            preload: false,
          },
          autoTls: false,
          autoscale: {},
          connectTimeout: 5,
          readTimeout: 60,
          sendTimeout: 60,
          bodySize: '1m',
          deployTimeout: 120,
          runAsNonRoot: true,
          requireApproval: false,
        });
        const res = await jane().patch('/apps/shop/settings', {
          maintenance: true,
          allowlist: ['10.0.0.0/8', '2001:db8::/32'],
          hsts: { enabled: true },
          bodySize: '10m',
          readTimeout: 300,
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          maintenance: true,
          allowlist: ['10.0.0.0/8', '2001:db8::/32'],
          hsts: { enabled: true, maxAge: 31536000 },
          bodySize: '10m',
          readTimeout: 300,
        });
        await s.eventually(() =>
          expect(s.router.lastTable[0]).toMatchObject({
            maintenance: true,
            bodySize: '10m',
            readTimeout: 300,
            hsts: { enabled: true },
          }),
        );
        const events = await jane().get('/apps/shop/events?limit=1');
        expect(events.body.items[0]).toMatchObject({
          type: 'settings.update',
          message:
            'jane changed maintenance, allowlist, hsts, readTimeout, bodySize',
        });
        // Applying the same settings again changes nothing.
        await changesNothing(async () => {
          expect(
            (await jane().patch('/apps/shop/settings', { maintenance: true }))
              .status,
          ).toBe(200);
        });
        await jane()
          .patch('/apps/shop/settings', { routable: false })
          .expect(200);
        await s.eventually(() => expect(s.router.lastTable).toEqual([]));
      });

      it.each([
        [{ maintenance: 'yes' }, /maintenance must be boolean/],
        [
          { allowlist: ['10.0.0.0/33'] },
          /allowlist: "10.0.0.0\/33" is not an IP address/,
        ],
        [{ allowlist: '10.0.0.0/8' }, /allowlist must be array/],
        [{ connectTimeout: 100 }, /connectTimeout must be <= 75/],
        [{ readTimeout: 0 }, /readTimeout/],
        [{ bodySize: '0' }, /body\/bodySize must match pattern/],
        [{ bodySize: '1m; return 200' }, /body\/bodySize must match pattern/],
        [{ bodySize: '2048m' }, /at most 1024m/],
        [{ hsts: { maxAge: -1 } }, /body\/hsts\/maxAge must be >= 0/],
        [{ hsts: { enabled: 'on' } }, /body\/hsts\/enabled must be boolean/],
        [
          { autoscale: { web: { min: 5, max: 2, cpuPercent: 50 } } },
          /min \(5\) is more than max \(2\)/,
        ],
        [
          { autoscale: { web: { min: 1, max: 2 } } },
          /body\/autoscale\/web\/cpuPercent is required/,
        ],
        [
          { autoscale: { web: { min: 0, max: 2, cpuPercent: 50 } } },
          /body\/autoscale\/web\/min must be >= 1/,
        ],
        [
          { autoscale: { web: { min: 1, max: 2, cpuPercent: 50, step: 1 } } },
          /body\/autoscale\/web\/step is not a field of this request/,
        ],
        // Only the kubernetes runtime applies autoscale (as HorizontalPodAutoscalers).
        [
          { autoscale: { web: { min: 1, max: 5, cpuPercent: 80 } } },
          /autoscale needs the kubernetes runtime .* "recording" runtime/,
        ],
        [{ deployTimeout: 5 }, /deployTimeout must be >= 10/],
        // Root is the platform's decision (slipway.kubernetes.pods.allowRoot, default false).
        [
          { runAsNonRoot: false },
          /runAsNonRoot: false is not allowed on this platform.*slipway\.kubernetes\.pods\.allowRoot/,
        ],
        [{ colour: 'red' }, /body\/colour is not a field of this request/],
      ])('refuses %j and changes nothing', async (body, message) => {
        await changesNothing(async () => {
          const res = await jane().patch('/apps/shop/settings', body);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toMatch(message);
        });
      });

      it('refuses root in the Backstage error shape, storing nothing, unless the platform allows it', async () => {
        const res = await jane().patch('/apps/shop/settings', {
          runAsNonRoot: false,
          maintenance: true,
        });
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({
          name: 'InputError',
          message: expect.stringContaining('slipway.kubernetes.pods.allowRoot'),
        });
        expect((await jane().get('/apps/shop/settings')).body).toMatchObject({
          runAsNonRoot: true,
          maintenance: false,
        });
        const events = await jane().get('/apps/shop/events');
        expect(
          events.body.items.filter(
            (e: { type: string }) => e.type === 'settings.update',
          ),
        ).toEqual([]);

        await s.stop();
        s = await startSlipway({
          database,
          config: { kubernetes: { pods: { allowRoot: true } } },
        });
        await jane().post('/apps', { name: 'rooted' }).expect(201);
        const allowed = await jane().patch('/apps/rooted/settings', {
          runAsNonRoot: false,
        });
        expect(allowed.status).toBe(200);
        expect(allowed.body.runAsNonRoot).toBe(false);
      });

      it('refuses callers who may not update the app', async () => {
        await changesNothing(async () => {
          expect(
            (await bob().patch('/apps/shop/settings', { maintenance: true }))
              .status,
          ).toBe(403);
          expect(
            (await s.as(users.eve).get('/apps/shop/settings')).status,
          ).toBe(403);
        });
      });
    });

    describe('events', () => {
      it('pages the audit trail newest first; only readers see it', async () => {
        await jane()
          .patch('/apps/shop/config', { values: { A: '1' } })
          .expect(201);
        await jane()
          .post('/apps/shop/domains', { domain: 'www.example.com' })
          .expect(201);
        const page = await bob().get('/apps/shop/events?limit=2');
        expect(page.status).toBe(200);
        expect(page.body.totalItems).toBe(3);
        expect(page.body.items.map((e: { type: string }) => e.type)).toEqual([
          'domain.add',
          'release.create',
        ]);
        expect(page.body.items[1]).toMatchObject({
          message: 'v2: jane added A',
          details: { version: 2 },
        });
        expect(
          (
            await bob().get(
              `/apps/shop/events?cursor=${page.body.pageInfo.nextCursor}`,
            )
          ).body.items.map((e: { type: string }) => e.type),
        ).toEqual(['app.create']);
        expect((await bob().get('/apps/shop/events?limit=1000')).status).toBe(
          400,
        );
        expect((await s.as(users.eve).get('/apps/shop/events')).status).toBe(
          403,
        );
      });
    });

    describe('deploy tokens', () => {
      it('issues a token once, stores only its hash, and revokes it', async () => {
        const created = await jane().post('/apps/shop/tokens', {
          description: 'CI',
        });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
          app: 'shop',
          description: 'CI',
          createdBy: users.jane,
        });
        const token: string = created.body.token;
        expect(token).toMatch(/^slw_[A-Za-z0-9_-]{43}$/);
        const stored = await s.knex('slipway_tokens').select();
        expect(JSON.stringify(stored)).not.toContain(token);
        expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
        const list = await bob().get('/apps/shop/tokens');
        expect(list.body).toEqual([
          {
            id: created.body.id,
            app: 'shop',
            description: 'CI',
            createdBy: users.jane,
            createdAt: created.body.createdAt,
            expiresAt: created.body.expiresAt,
          },
        ]);
        // 90 days by default.
        expect(
          Date.parse(created.body.expiresAt) -
            Date.parse(created.body.createdAt),
        ).toBe(90 * 24 * 3600 * 1000);

        await changesNothing(async () => {
          expect((await bob().post('/apps/shop/tokens', {})).status).toBe(403);
          expect(
            (await bob().delete(`/apps/shop/tokens/${created.body.id}`)).status,
          ).toBe(403);
          expect(
            (
              await jane().post('/apps/shop/tokens', {
                description: 'x'.repeat(201),
              })
            ).status,
          ).toBe(400);
          // Control characters (terminal escapes, a bell, a tab), separators and bidi overrides.
          for (const sneaky of [
            'ci\u001b[31m red',
            'ci\u0007',
            'ci\tx',
            'ci\u007f',
            'ci\u0085',
            'ci\u2028',
            'ci\u202eevil',
          ]) {
            const refused = await jane().post('/apps/shop/tokens', {
              description: sneaky,
            });
            expect(refused.status).toBe(400);
            expect(refused.body.error.message).toMatch(
              /description must match pattern/,
            );
          }
          expect((await jane().delete('/apps/shop/tokens/nope')).status).toBe(
            404,
          );
          expect((await s.as(users.eve).get('/apps/shop/tokens')).status).toBe(
            403,
          );
        });
        expect(
          (await jane().delete(`/apps/shop/tokens/${created.body.id}`)).status,
        ).toBe(204);
        expect(await s.knex('slipway_tokens').select()).toEqual([]);
        const events = await jane().get('/apps/shop/events?limit=2');
        expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
          'token.revoke',
          'token.create',
        ]);
      });
    });

    it('answers the health check without credentials', async () => {
      const res = await request(s.server).get('/api/slipway/health');
      expect(res.status).toBe(200);
    });
  });
});
