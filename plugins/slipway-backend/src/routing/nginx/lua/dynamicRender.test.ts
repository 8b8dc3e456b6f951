import type { Route } from '@slipway/plugin-slipway-node';
import { checkRoute } from '../checkRoute';
import { DEFAULT_LIMITS, DEFAULT_MAX, type NginxOptions } from '../options';
import { isDynamic, renderApp, renderConfig } from '../render';
import { route } from '../testing/helpers';

const lua = {
  modules: [
    '/usr/lib/nginx/modules/ndk_http_module.so',
    '/usr/lib/nginx/modules/ngx_http_lua_module.so',
  ],
  restyPath: '/usr/share/lua/5.1',
};
const options: NginxOptions = {
  binary: 'nginx',
  configDir: '/srv/slipway/nginx',
  httpPort: 80,
  httpsPort: 443,
  statusPort: 18081,
  acmePort: 18082,
  manage: true,
  pidFile: '/srv/slipway/nginx/run/nginx.pid',
  workerProcesses: 'auto',
  reloadTimeoutMs: 15000,
  platformDomain: 'apps.example.net',
  defaults: DEFAULT_LIMITS,
  max: DEFAULT_MAX,
  lua,
};

const checked = (r: Route, o = options) => {
  const c = checkRoute(r, o);
  if ('problem' in c) throw new Error(c.problem);
  return c;
};
const at = (addresses: string[], extra: Partial<Route> = {}) =>
  route('web1', { upstream: { addresses }, ...extra });

describe('rendering with dynamic upstreams', () => {
  it('keeps endpoints out of the app block: a deploy or scale renders the same bytes', () => {
    const one = renderApp(checked(at(['10.0.0.1:5000'])), options);
    const two = renderApp(
      checked(at(['10.0.0.2:5001', '10.0.0.3:5001'])),
      options,
    );
    const none = renderApp(checked(at([])), options);
    expect(two.text).toBe(one.text);
    expect(none.text).toBe(one.text);
    expect(one.text).not.toContain('10.0.0.1');
    expect(one.text).toContain('proxy_pass http://slipway_dynamic;');
    expect(one.text).toContain(
      'access_by_lua_block { require("slipway_endpoints").access() }',
    );
  });

  it('renders host names, maintenance and the no-module case as before (static)', () => {
    const named = checked(at(['web.internal:5000']));
    expect(isDynamic(named, options)).toBe(false);
    expect(renderApp(named, options).text).toContain(
      'proxy_pass http://web.internal:5000;',
    );
    // Looks like IPv4 but is not one: static (and so checked by nginx -t), never sent to Lua.
    expect(isDynamic(checked(at(['999.0.0.1:80'])), options)).toBe(false);
    expect(isDynamic(checked(at(['[::1]:80'])), options)).toBe(false);
    const down = checked(at(['10.0.0.1:5000'], { maintenance: true }));
    expect(renderApp(down, options).text).toContain('down for maintenance');
    const plain = { ...options, lua: undefined };
    expect(
      renderApp(checked(at(['10.0.0.1:5000']), plain), plain).text,
    ).toContain('proxy_pass http://10.0.0.1:5000;');
  });

  it('loads the modules, declares the dictionary and puts the update endpoint on the loopback status server only', () => {
    const text = renderConfig(
      [renderApp(checked(at(['10.0.0.1:5000'])), options)],
      options,
    ).text;
    const lines = text.split('\n').map(l => l.trim());
    expect(lines.slice(5, 9)).toEqual([
      'worker_shutdown_timeout 30s;',
      'load_module /usr/lib/nginx/modules/ndk_http_module.so;',
      'load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;',
      'events {',
    ]);
    expect(lines).toContain(
      'lua_package_path "/srv/slipway/nginx/lua/?.lua;/usr/share/lua/5.1/?.lua;;";',
    );
    expect(lines).toContain('lua_shared_dict slipway_endpoints 32m;');
    expect(lines).toContain(
      'init_by_lua_block { require("slipway_endpoints").init("/srv/slipway/nginx/lua/token", "/srv/slipway/nginx/lua/endpoints") }',
    );
    // The update location sits in the one server block listening on 127.0.0.1:<statusPort>.
    const servers = text.split(/\n\s*server \{/).slice(1);
    const withUpdate = servers.filter(s => s.includes('/slipway/endpoints'));
    expect(withUpdate).toHaveLength(1);
    expect(withUpdate[0]).toMatch(/^\s*listen 127\.0\.0\.1:18081;/);
    // Without the module none of it is rendered.
    const plain = { ...options, lua: undefined };
    const staticText = renderConfig([], plain).text;
    expect(staticText).not.toMatch(/lua|slipway_dynamic|\/slipway\/endpoints/);
  });
});
