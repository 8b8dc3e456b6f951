import { TestDatabases } from '@backstage/backend-test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ceilingProblem, DEFAULT_LIMIT_SETTINGS } from '../sandbox/limits';
import { makeCertificate } from './__testUtils__/certificates';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

/*
 * The attacks of issue 12, each tried through the real backend (REST API and git remote over
 * HTTP, services, ledger) and shown to do no harm.
 */
describe('attacks', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    beforeEach(async () => {
      s = await startSlipway({
        database,
        config: {
          kubernetes: {
            registry: {
              server: 'registry.test:5000',
              username: 'u',
              password: 'p',
            },
          },
        },
      });
    });
    afterEach(async () => {
      await s.stop();
    });

    const jane = () => s.as(users.jane);

    /** What the git remote answers a client offering `token` (discovery of a push). */
    const gitAnswer = async (app: string, token: string) =>
      (
        await request(s.server)
          .get(`/api/slipway/git/${app}.git/info/refs`)
          .query({ service: 'git-receive-pack' })
          .auth('git', token)
      ).status;

    it('a deploy token stops working when the app changes owner', async () => {
      await jane().post('/apps', { name: 'shop' });
      const { body: token } = await jane().post('/apps/shop/tokens', {
        description: 'laptop',
      });
      expect(await gitAnswer('shop', token.token)).toBe(200);

      const transfer = await jane().patch('/apps/shop', {
        owner: 'group:default/team-b',
      });
      expect(transfer.status).toBe(200);
      expect(await gitAnswer('shop', token.token)).toBe(401);
      expect(await s.knex('slipway_tokens')).toEqual([]);
    });

    it("a build belongs to its app: another app's slug or registry path is refused with 403", async () => {
      await jane().post('/apps', { name: 'mine' });
      await jane().post('/apps', { name: 'theirs' });
      const slug = `slug:${'ab'.repeat(32)}`;
      // As a push of `theirs` records it.
      await s.knex('slipway_builds').insert({
        id: 'b-theirs',
        app: 'theirs',
        image: slug,
        sha: null,
        procfile: '{"web":"npm start"}',
        status: 'succeeded',
        log: '',
        created_by: users.jane,
        created_at: new Date().toISOString(),
      });
      await s.settled();
      const before = await snapshot(s);
      for (const image of [
        slug,
        `slug:${'cd'.repeat(32)}`,
        'registry.test:5000/theirs:1a2b3c4',
        `REGISTRY.TEST:5000/theirs@sha256:${'e'.repeat(64)}`,
        'registry.test:5000/mine-evil:1',
      ]) {
        const res = await jane().post('/apps/mine/builds', { image });
        expect({
          image,
          status: res.status,
          name: res.body.error?.name,
        }).toEqual({
          image,
          status: 403,
          name: 'NotAllowedError',
        });
      }
      expect(await snapshot(s)).toEqual(before);

      expect(
        (await jane().post('/apps/theirs/builds', { image: slug })).status,
      ).toBe(201);
      await s.settled();
      // Readers (and app lists) see a slug's hash shortened; owners see it whole.
      const listed = JSON.stringify((await s.as(users.bob).get('/apps')).body);
      expect(listed).toContain(`"image":"slug:${'ab'.repeat(6)}"`);
      expect(listed).not.toContain('ab'.repeat(7));
      const releases = async (user: string) =>
        JSON.stringify((await s.as(user).get('/apps/theirs/releases')).body);
      expect(await releases(users.bob)).not.toContain('ab'.repeat(7));
      expect(await releases(users.jane)).toContain(slug);
      for (const image of [
        'registry.test:5000/mine:1a2b3c4',
        `registry.test:5000/mine/web@sha256:${'e'.repeat(64)}`,
        'docker.io/library/nginx:1.25',
      ]) {
        expect((await jane().post('/apps/mine/builds', { image })).status).toBe(
          201,
        );
      }
    });

    describe('secret config values in output', () => {
      const SECRET = 'hunter2-the-password';
      const PEM =
        '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\nAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';

      beforeEach(async () => {
        await jane().post('/apps', { name: 'shop' });
        const patched = await jane().patch('/apps/shop/config', {
          values: { SECRET, TLS_KEY: PEM, DEBUG: '1' },
        });
        if (patched.status !== 201) throw new Error(patched.text);
        s.runtime.logLines = [
          { time: 't1', source: 'web.1', line: `connecting with ${SECRET}` },
          // A multi-line value arrives in a log one line at a time.
          { time: 't2', source: 'web.1', line: 'MIIEvQIBADANBgkqhkiG9w0BAQEF' },
          { time: 't3', source: 'web.1', line: 'debug=1' },
        ];
        // As a push records a build that printed the secret.
        await s.knex('slipway_builds').insert({
          id: 'b1',
          app: 'shop',
          image: 'registry.example.com/shop:1',
          sha: null,
          procfile: '{"web":"npm start"}',
          status: 'failed',
          log: `-----> npm install\ntoken ${SECRET} rejected\n`,
          created_by: users.jane,
          created_at: new Date().toISOString(),
        });
        s.runtime.onApply = () => ({
          status: 'failed',
          reason: `web crashed: Error: bad password ${SECRET}`,
        });
        await jane().post('/apps/shop/builds', {
          image: 'registry.example.com/shop:2',
        });
        await s.settled();
      });

      /** Everything a caller sees of the app's output, as one text. */
      const output = async (user: string) => {
        const as = s.as(user);
        const texts = await Promise.all([
          as.get('/apps/shop/logs').then(r => r.text),
          as.get('/apps/shop/builds/b1').then(r => r.body.log),
          as.get('/apps/shop/releases').then(r => JSON.stringify(r.body)),
          as.get('/apps/shop/events').then(r => JSON.stringify(r.body)),
          as.get('/apps').then(r => JSON.stringify(r.body)),
        ]);
        return texts.join('\n');
      };

      it('are *** to readers without slipway.app.config.read', async () => {
        const seen = await output(users.bob);
        expect(seen).not.toContain(SECRET);
        expect(seen).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEF');
        expect(seen).toContain('web.1: connecting with ***');
        expect(seen).toContain('web.1: ***\n');
        expect(seen).toContain('token *** rejected');
        expect(seen).toContain('web crashed: Error: bad password ***');
        // Values shorter than 3 characters are not masked: they would garble every line.
        expect(seen).toContain('debug=1');
      });

      it('are shown to owners, who may read config', async () => {
        const seen = await output(users.jane);
        expect(seen).toContain(`web.1: connecting with ${SECRET}`);
        expect(seen).toContain(`token ${SECRET} rejected`);
        expect(seen).toContain(`bad password ${SECRET}`);
      });
    });

    it('refuses a NUL byte in a config value with 400 and changes nothing; newlines are fine', async () => {
      await jane().post('/apps', { name: 'shop' });
      await s.settled();
      const before = await snapshot(s);
      const res = await jane().patch('/apps/shop/config', {
        values: { OK: 'fine', BAD: 'a\u0000b' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/"BAD" contains a NUL byte/);
      expect(await snapshot(s)).toEqual(before);
      expect(
        (
          await jane().patch('/apps/shop/config', {
            values: { KEY: 'line 1\nline 2\n' },
          })
        ).status,
      ).toBe(201);
    });

    it.each(['PORT', 'PS', 'SLIPWAY_RELEASE'])(
      'refuses the platform-set config key %s with 400, and lets it be unset',
      async key => {
        await jane().post('/apps', { name: 'shop' });
        await s.settled();
        const before = await snapshot(s);
        const res = await jane().patch('/apps/shop/config', {
          values: { [key]: '5000' },
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/set by the platform/);
        expect(await snapshot(s)).toEqual(before);
        // Unsetting it is a syntax-valid no-op here: nothing to remove (409).
        expect(
          (await jane().patch('/apps/shop/config', { values: { [key]: null } }))
            .status,
        ).toBe(409);
      },
    );

    it.each(['LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'GCONV_PATH'])(
      'refuses the loader config key %s with 400 naming it, changing nothing, and lets it be unset',
      async key => {
        await jane().post('/apps', { name: 'shop' });
        await s.settled();
        const before = await snapshot(s);
        const res = await jane().patch('/apps/shop/config', {
          values: { GOOD: 'fine', [key]: '/home/app/evil.so' },
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(`"${key}"`);
        expect(res.body.error.message).toMatch(/how programs are loaded/);
        expect(await snapshot(s)).toEqual(before);
        expect((await jane().get('/apps/shop/config')).body.keys).toEqual([]);
        // One left from before the rule can be removed (here there is none: 409).
        expect(
          (await jane().patch('/apps/shop/config', { values: { [key]: null } }))
            .status,
        ).toBe(409);
      },
    );

    it('refuses limits with 400, changing nothing, where the runtime cannot apply them', async () => {
      await jane().post('/apps', { name: 'shop' });
      await s.settled();
      s.runtime.cannotLimit = 'no writable cgroups here';
      const before = await snapshot(s);
      const res = await jane().patch('/apps/shop/config', {
        values: { GOOD: 'fine' },
        limits: { web: { memory: '256Mi' } },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /Limits \(web\) cannot be applied .*: no writable cgroups here/,
      );
      expect(await snapshot(s)).toEqual(before);
      expect((await jane().get('/apps/shop/config')).body.limits).toEqual({});
    });

    it('refuses limits over the ceilings with 400 naming the limit and the ceiling, changing nothing (red team H1)', async () => {
      await jane().post('/apps', { name: 'shop' });
      await s.settled();
      // The local runtime's rule, with the default ceilings (2Gi, 2 CPUs).
      s.runtime.limitsProblem = limits =>
        limits ? ceilingProblem(limits, DEFAULT_LIMIT_SETTINGS) : undefined;
      const before = await snapshot(s);
      const res = await jane().patch('/apps/shop/config', {
        limits: { web: { memory: '64Gi' }, worker: { cpu: '1000' } },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /web's memory 64Gi is over slipway\.local\.limits\.maxMemory \(2Gi\)/,
      );
      expect(res.body.error.message).toMatch(
        /worker's cpu 1000 is over slipway\.local\.limits\.maxCpu \(2\)/,
      );
      expect(await snapshot(s)).toEqual(before);
      // At the ceiling is fine.
      expect(
        (
          await jane().patch('/apps/shop/config', {
            limits: { web: { memory: '2Gi', cpu: '2' } },
          })
        ).status,
      ).toBe(201);
    });

    it('treats constructor, __proto__ and toString as ordinary names', async () => {
      await jane().post('/apps', { name: 'shop' });
      // Raw JSON: an object literal with __proto__ would set a prototype instead of a key.
      const patched = await request(s.server)
        .patch('/api/slipway/apps/shop/config')
        .set('Authorization', mockCredentials.user.header(users.jane))
        .set('Content-Type', 'application/json')
        .send(
          '{"values":{"constructor":"c1","__proto__":"p1","toString":"t1"}}',
        );
      expect(patched.status).toBe(201);
      const config = await jane().get('/apps/shop/config');
      expect(config.body.keys).toEqual([
        '__proto__',
        'constructor',
        'toString',
      ]);
      expect(JSON.stringify(config.body.values)).toBe(
        '{"__proto__":"p1","constructor":"c1","toString":"t1"}',
      );

      // Not process types the Procfile has: refused like any other.
      await jane().post('/apps/shop/builds', {
        image: 'registry.example.com/shop:1',
        procfile: { web: 'serve' },
      });
      await s.settled();
      const before = await snapshot(s);
      // (`constructor` is the one of Object's properties that is a valid process type.)
      for (const type of ['constructor']) {
        const scaled = await jane().post('/apps/shop/scale', { [type]: 1 });
        expect(scaled.status).toBe(400);
        expect(scaled.body.error.message).toMatch(`no process type "${type}"`);
        expect((await jane().post('/apps/shop/restart', { type })).status).toBe(
          400,
        );
      }
      expect(await snapshot(s)).toEqual(before);

      // A Procfile that has one: it is a process type with a number of replicas.
      await jane().post('/apps/shop/builds', {
        image: 'registry.example.com/shop:2',
        procfile: { web: 'serve', constructor: 'work' },
      });
      expect(
        (await jane().post('/apps/shop/scale', { constructor: 2 })).body,
      ).toEqual({ constructor: 2, web: 1 });
      await s.settled();
      expect(s.runtime.appliesOf('shop').pop()?.structure).toEqual({
        constructor: 2,
        web: 1,
      });
    });

    it('refuses certificates and keys with anything but PEM blocks, and says which keys are accepted', async () => {
      await jane().post('/apps', { name: 'shop' });
      await s.settled();
      const { certificate, key } = makeCertificate(['www.example.com']);
      const before = await snapshot(s);
      for (const [body, message] of [
        [
          { certificate: `${certificate}}; include /etc/passwd; #\n`, key },
          /certificate must contain only PEM blocks/,
        ],
        [
          { certificate: `# comment\n${certificate}`, key },
          /certificate must contain only PEM blocks/,
        ],
        [
          { certificate, key: `${key}\nssl_ciphers ALL;` },
          /key must contain only PEM blocks/,
        ],
        [
          { certificate, key: 'not a key' },
          /BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY/,
        ],
      ] as const) {
        const res = await jane().post('/apps/shop/certs', {
          name: 'www',
          ...body,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      expect(await snapshot(s)).toEqual(before);
      // A chain of blocks with blank lines around is fine.
      expect(
        (
          await jane().post('/apps/shop/certs', {
            name: 'www',
            certificate: `\n${certificate}\n${certificate}\n`,
            key,
          })
        ).status,
      ).toBe(201);
    });

    it.each([
      ['not a ref', /not a valid entity ref/],
      ['component:default/web', /is a component/],
      ['user:default/', /not a valid entity ref/],
      ['group:a b/team', /not a valid entity ref/],
    ])('refuses the owner %j with 400', async (owner, message) => {
      await jane().post('/apps', { name: 'shop' });
      await s.settled();
      const before = await snapshot(s);
      for (const res of [
        await jane().post('/apps', { name: 'other', owner }),
        await jane().patch('/apps/shop', { owner }),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      expect(await snapshot(s)).toEqual(before);
    });
  });
});
