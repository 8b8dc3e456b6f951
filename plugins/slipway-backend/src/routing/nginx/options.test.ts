import { ConfigReader } from '@backstage/config';
import { detectLua } from './lua/detect';
import { readNginxOptions } from './options';

describe('reading slipway.nginx', () => {
  it('defaults everything under <dataDir>/nginx', () => {
    const options = readNginxOptions(
      new ConfigReader({}),
      '/srv/slipway',
      'localhost',
    );
    expect(options).toMatchObject({
      binary: 'nginx',
      configDir: '/srv/slipway/nginx',
      pidFile: '/srv/slipway/nginx/run/nginx.pid',
      httpPort: 80,
      httpsPort: 443,
      manage: true,
      defaults: {
        connectTimeout: 5,
        readTimeout: 60,
        sendTimeout: 60,
        bodySize: '1m',
      },
    });
  });

  it('reads ports, defaults and bounds', () => {
    const options = readNginxOptions(
      new ConfigReader({
        slipway: {
          nginx: {
            binary: '/usr/sbin/nginx',
            configDir: '/var/lib/slipway/nginx',
            httpPort: 8080,
            httpsPort: 8443,
            manage: false,
            pidFile: '/run/nginx.pid',
            defaults: { readTimeout: 30, bodySize: '10m' },
            max: { readTimeout: 120 },
          },
        },
      }),
      '/srv/slipway',
      'apps.example.com',
    );
    expect(options).toMatchObject({
      httpPort: 8080,
      manage: false,
      pidFile: '/run/nginx.pid',
      defaults: { readTimeout: 30, bodySize: '10m', connectTimeout: 5 },
      max: { readTimeout: 120, connectTimeout: 75 },
    });
  });

  it.each([
    [{ configDir: '/srv/ngx; include /etc/passwd' }],
    [{ configDir: '/srv/my nginx' }],
    [{ pidFile: '/run/nginx.pid\nuser root' }],
    [{ httpPort: 0 }],
    [{ defaults: { bodySize: '1m;' } }],
    [{ defaults: { readTimeout: 1.5 } }],
  ])('refuses settings that could not be rendered safely: %j', nginx => {
    expect(() =>
      readNginxOptions(
        new ConfigReader({ slipway: { nginx } }),
        '/srv',
        'localhost',
      ),
    ).toThrow(/slipway\.nginx/);
  });

  it('uses the Lua module when installed unless dynamicUpstreams is false', () => {
    const read = (nginx: object) =>
      readNginxOptions(
        new ConfigReader({ slipway: { nginx } }),
        '/srv',
        'localhost',
      );
    expect(read({}).lua).toEqual(detectLua());
    expect(read({ dynamicUpstreams: false }).lua).toBeUndefined();
    // Module or lua-resty-core missing: static upstreams, as before.
    expect(detectLua(['/nonexistent'])).toBeUndefined();
    expect(detectLua(undefined, ['/nonexistent'])).toBeUndefined();
  });
});
