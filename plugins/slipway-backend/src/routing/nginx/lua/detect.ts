import fs from 'node:fs';
import path from 'node:path';

/** What nginx.conf needs to run the Lua balancer: modules to load and where lua-resty-core lives. */
export type LuaSupport = {
  /** `load_module` paths, in load order (the NDK before the Lua module). */
  modules: string[];
  /** Directory holding `resty/core.lua` and `ngx/balancer.lua`. */
  restyPath: string;
};

/** Where Debian's libnginx-mod-http-lua and lua-resty-core put their files. */
const MODULE_DIRS = ['/usr/lib/nginx/modules', '/usr/share/nginx/modules'];
const RESTY_DIRS = ['/usr/share/lua/5.1', '/usr/local/share/lua/5.1'];

/**
 * Finds the nginx Lua module and lua-resty-core; undefined when either is missing (the router then
 * renders every endpoint into nginx.conf and reloads, as before).
 */
export function detectLua(
  moduleDirs = MODULE_DIRS,
  restyDirs = RESTY_DIRS,
): LuaSupport | undefined {
  const dir = moduleDirs.find(d =>
    fs.existsSync(path.join(d, 'ngx_http_lua_module.so')),
  );
  const restyPath = restyDirs.find(
    d =>
      fs.existsSync(path.join(d, 'resty', 'core.lua')) &&
      fs.existsSync(path.join(d, 'ngx', 'balancer.lua')),
  );
  if (!dir || !restyPath) return undefined;
  const ndk = path.join(dir, 'ndk_http_module.so');
  const modules = fs.existsSync(ndk) ? [ndk] : [];
  modules.push(path.join(dir, 'ngx_http_lua_module.so'));
  return { modules, restyPath };
}
