import { TestDatabases } from '@backstage/backend-test-utils';
import { allowAll, testServices } from '../__testUtils__/testServices';
import {
  MAX_MASKED_STRINGS,
  maskJson,
  secretMask,
} from '../../domain/secretMask';

jest.setTimeout(60_000);

describe('the secret mask', () => {
  it('masks every occurrence, longest values first, and values of 3 characters or more only', () => {
    const mask = secretMask([
      { A: 'secret', B: 'secret-longer', C: 'ab', D: 'xyz' },
    ]);
    expect(mask('secret-longer then secret and ab and xyz')).toBe(
      '*** then *** and ab and ***',
    );
  });

  it('masks the lines of a multi-line value one by one, as logs cut them', () => {
    const mask = secretMask([
      {
        KEY: '-----BEGIN K-----\r\nline-one-of-key\nline-two\n-----END K-----\n',
      },
    ]);
    expect(mask('line-two')).toBe('***');
    expect(mask('got line-one-of-key!')).toBe('got ***!');
  });

  it('masks strings anywhere in JSON', () => {
    const mask = secretMask([{ K: 'p4ssw0rd' }]);
    expect(
      maskJson({ reason: 'p4ssw0rd!', n: 1, list: ['x p4ssw0rd'] }, mask),
    ).toEqual({ reason: '***!', n: 1, list: ['x ***'] });
  });
});

describe('the secret mask on encoded values', () => {
  // Quotes, a backslash, a slash, a space, a plus, an ampersand and a non-ASCII letter.
  const value = 'p"a\\ss/w rd+&ü-42';
  const mask = secretMask([{ SECRET: value }]);
  const shows = (text: string) => mask(text).includes(text);

  it.each([
    ['JSON-escaped', JSON.stringify(value).slice(1, -1)],
    ['JSON with \\u escapes', '"p\\"a\\\\ss/w rd+&\\u00fc-42"'.slice(1, -1)],
    ['JSON with \\/', JSON.stringify(value).slice(1, -1).replace('/', '\\/')],
    ['encodeURIComponent', encodeURIComponent(value)],
    [
      'encodeURIComponent, lowercase hex',
      encodeURIComponent(value).toLowerCase(),
    ],
    ['encodeURI', encodeURI(value)],
    ['form encoding', new URLSearchParams({ v: value }).toString().slice(2)],
    ['base64', Buffer.from(value).toString('base64')],
    [
      'base64 without padding',
      Buffer.from(value).toString('base64').replace(/=+$/, ''),
    ],
    ['base64url', Buffer.from(value).toString('base64url')],
  ])('masks the value %s', (_, encoded) => {
    expect(encoded).not.toBe(value);
    expect(mask(`token=${encoded};`)).toBe('token=***;');
  });

  it.each([0, 1, 2])(
    'masks its base64 inside a longer base64 string, %p bytes in',
    offset => {
      for (const encoding of ['base64', 'base64url'] as const) {
        const whole = Buffer.concat([
          Buffer.from('user:'.slice(0, offset)),
          Buffer.from(value),
          Buffer.from('!tail'),
        ]).toString(encoding);
        const masked = mask(whole);
        expect(masked).toContain('***');
        // At most two characters at each end carry a few bits of the value's edge bytes.
        expect(masked.length).toBeLessThanOrEqual(
          whole.length - Buffer.from(value).toString('base64').length + 3 + 5,
        );
        expect(shows(whole)).toBe(false);
      }
    },
  );

  it('masks a value split across writes to a build log (the stored log is masked whole)', () => {
    const log = ['printing ', value.slice(0, 5), value.slice(5), '\n'].join('');
    expect(mask(log)).toBe('printing ***\n');
  });

  it('leaves short values’ encodings alone and bounds the strings it looks for', () => {
    const short = secretMask([{ PIN: '1234' }]);
    expect(short(Buffer.from('1234').toString('base64'))).toBe('MTIzNA==');
    const many: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) many[`K${i}`] = `value-number-${i}`;
    const big = secretMask([many]);
    // Every plain value stays masked, whatever the bound dropped.
    expect(big('a value-number-4999 b')).toBe('a *** b');
    expect(MAX_MASKED_STRINGS).toBeLessThan(5000 * 10);
  });
});

describe('one-off command output', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it.each([
    [false, 'ran env with FOO=***\n'],
    [true, 'ran env with FOO=s3cr3t-value\n'],
  ])(
    'is masked unless the caller may read values (%p)',
    async (mayReadValues, output) => {
      const authorizer = allowAll({ mayReadValues });
      const t = await testServices(await databases.init('SQLITE_3'), {
        authorizer,
      });
      await t.services.apps.create(t.jane, { name: 'shop' });
      await t.services.config.patch(t.jane, 'shop', {
        values: { FOO: 's3cr3t-value' },
      });
      await t.services.builds.deploy(t.jane, 'shop', {
        image: 'registry.example.com/shop:1',
      });
      await t.reconciler.idle();
      expect(
        await t.services.processes.run(t.jane, 'shop', { command: 'env' }),
      ).toEqual({ exitCode: 0, output });
    },
  );
});

describe('failure reasons in the list of apps', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it.each([
    [false, ['crashed with s3cr3t-two and ***', 'crashed with *** and ***']],
    [true, Array(2).fill('crashed with s3cr3t-two and s3cr3t-zwei')],
  ])(
    "are masked with each app's own values unless the caller may read values (%p)",
    async (mayReadValues, reasons) => {
      const t = await testServices(await databases.init('SQLITE_3'), {
        authorizer: allowAll({ mayReadValues }),
      });
      for (const [name, value] of [
        ['one', 's3cr3t-zwei'],
        ['two', 's3cr3t-two'],
      ]) {
        await t.services.apps.create(t.jane, { name });
        await t.services.config.patch(t.jane, name, { values: { FOO: value } });
      }
      await t.services.config.patch(t.jane, 'two', {
        values: { BAR: 's3cr3t-zwei' },
      });
      // `one` has s3cr3t-zwei only: s3cr3t-two is `two`'s value, not one of its own.
      t.runtime.onApply = () => ({
        status: 'failed',
        reason: 'crashed with s3cr3t-two and s3cr3t-zwei',
      });
      for (const name of ['one', 'two']) {
        await t.services.builds.deploy(t.jane, name, {
          image: `registry.example.com/${name}:1`,
        });
      }
      await t.reconciler.idle();
      const page = await t.services.apps.list(t.jane);
      expect(page.items.map(app => app.latestRelease?.reason)).toEqual(reasons);
    },
  );
});
