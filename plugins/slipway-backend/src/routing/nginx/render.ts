import { createHash } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { CheckedRoute } from './checkRoute';
import { acmeHttpLines, acmeServerLines } from './acmeRender';
import { LUA_MODULE_NAME } from './lua/balancerSource';
import type { NginxOptions } from './options';
import { feedHead } from './accessLog/feedHead';

/** One app's part of nginx.conf; kept as text so a rejected app can keep its last good part. */
export type AppBlock = {
  app: string;
  text: string;
  /** Certificates the block's files refer to (ids of `<id>.crt` / `<id>.key`). */
  certIds: string[];
  /** Every host the block serves. */
  hosts: string[];
};

/** A whole rendered nginx.conf. */
export type RenderedConfig = {
  text: string;
  /** sha256 of the config; the status endpoint answers it so a reload can be confirmed. */
  hash: string;
  /** First and last line (1-based) of each app's block, to tell which app an nginx error is in. */
  lines: Map<string, [number, number]>;
};

export const STATUS_PATH = '/slipway/config';
/** Loopback-only, token-protected: changes the endpoints in the Lua shared dictionary. */
export const ENDPOINTS_PATH = '/slipway/endpoints';
/** The one upstream every dynamic app proxies to; the Lua balancer picks the app's endpoint. */
const DYNAMIC_UPSTREAM = 'slipway_dynamic';
const HASH_TOKEN = '@slipway-config-hash@';
const I = '    ';

/** Files and directories the rendered config points at, all under `configDir`. */
export function nginxPaths(configDir: string) {
  return {
    certs: path.join(configDir, 'certs'),
    logs: path.join(configDir, 'logs'),
    errorLog: path.join(configDir, 'logs', 'error.log'),
    accessLog: path.join(configDir, 'logs', 'access.log'),
    temp: path.join(configDir, 'temp'),
    versions: path.join(configDir, 'versions'),
    /** Symlink to the live version directory; nginx runs with `-c current/nginx.conf`. */
    current: path.join(configDir, 'current'),
    liveConfig: path.join(configDir, 'current', 'nginx.conf'),
    /** The Lua balancer module and the token the router sends with endpoint updates. */
    lua: path.join(configDir, 'lua'),
    luaToken: path.join(configDir, 'lua', 'token'),
    luaState: path.join(configDir, 'lua', 'endpoints'),
  };
}

/**
 * Whether an app's endpoints go to the Lua shared dictionary instead of nginx.conf: the Lua
 * module is there and every address is an IPv4 literal (the balancer cannot resolve names).
 */
export function isDynamic(route: CheckedRoute, options: NginxOptions): boolean {
  return (
    options.lua !== undefined &&
    !route.maintenance &&
    route.upstream.every(a => net.isIPv4(a.slice(0, a.lastIndexOf(':'))))
  );
}

/**
 * Renders one app's upstream and server blocks. Every value comes from a CheckedRoute, i.e.
 * matched a whitelist; the only quoted strings are fixed texts and checked HSTS values.
 */
export function renderApp(
  route: CheckedRoute,
  options: NginxOptions,
): AppBlock {
  const certs = nginxPaths(options.configDir).certs;
  const name = `app_${route.app}`;
  const out: string[] = [`# app ${route.app}`];
  const dynamic = isDynamic(route, options);
  const hasUpstream =
    dynamic || (route.upstream.length > 0 && !route.maintenance);
  // One address: proxy to it directly. An `upstream` block costs nginx a whole module context
  // at every config load, which makes 10,000 apps load several times slower; only balancing
  // across several addresses (with keep-alive to them) is worth that.
  const target = route.upstream.length === 1 ? route.upstream[0] : name;
  if (!dynamic && hasUpstream && route.upstream.length > 1) {
    out.push(`upstream ${name} {`);
    for (const address of route.upstream) out.push(`${I}server ${address};`);
    out.push(`${I}keepalive 32;`, '}');
  }
  const body = (https: boolean): string[] => {
    const lines = [`${I}set $slipway_app ${route.app};`];
    lines.push(`${I}add_header X-Request-Id $request_id always;`);
    if (https && route.hsts) {
      lines.push(
        `${I}add_header Strict-Transport-Security "${route.hsts}" always;`,
      );
    }
    for (const cidr of route.allowlist) lines.push(`${I}allow ${cidr};`);
    if (route.allowlist.length > 0) lines.push(`${I}deny all;`);
    const o = route.overrides;
    if (o.connectTimeout)
      lines.push(`${I}proxy_connect_timeout ${o.connectTimeout}s;`);
    if (o.readTimeout) lines.push(`${I}proxy_read_timeout ${o.readTimeout}s;`);
    if (o.sendTimeout) lines.push(`${I}proxy_send_timeout ${o.sendTimeout}s;`);
    if (o.bodySize) lines.push(`${I}client_max_body_size ${o.bodySize};`);
    lines.push(`${I}location / {`);
    if (route.maintenance) {
      lines.push(
        ...page(
          503,
          `${route.app} is down for maintenance`,
          'Please try again soon.',
        ),
      );
    } else if (!hasUpstream) {
      lines.push(
        ...page(
          503,
          `${route.app} has no running web process`,
          'Deploy the app or scale its web process up.',
        ),
      );
    } else if (dynamic) {
      // Endpoints are not in the config: a deploy or scale changes them without a reload.
      lines.push(
        `${I}${I}access_by_lua_block { require("${LUA_MODULE_NAME}").access() }`,
        `${I}${I}proxy_pass http://${DYNAMIC_UPSTREAM};`,
      );
    } else {
      lines.push(`${I}${I}proxy_pass http://${target};`);
    }
    lines.push(`${I}}`);
    return lines;
  };

  const tlsHosts = route.tlsGroups.flatMap(g => g.hosts);
  const servedOverHttp = route.httpsOnly
    ? route.plainHosts
    : [...route.plainHosts, ...tlsHosts];
  // autoTls: plain-HTTP servers answer ACME HTTP-01 challenges first (see acmeRender.ts).
  const acme = route.autoTls ? acmeServerLines(options).map(l => I + l) : [];
  if (servedOverHttp.length > 0) {
    out.push('server {', `${I}listen ${options.httpPort};`);
    out.push(
      `${I}server_name ${sortHosts(servedOverHttp).join(' ')};`,
      ...body(false),
      ...acme,
      '}',
    );
  }
  if (route.httpsOnly && tlsHosts.length > 0) {
    const port = options.httpsPort === 443 ? '' : `:${options.httpsPort}`;
    out.push('server {', `${I}listen ${options.httpPort};`);
    out.push(`${I}server_name ${sortHosts(tlsHosts).join(' ')};`);
    out.push(`${I}set $slipway_app ${route.app};`, ...acme);
    out.push(`${I}return 301 https://$host${port}$request_uri;`, '}');
  }
  for (const group of route.tlsGroups) {
    out.push('server {', `${I}listen ${options.httpsPort} ssl;`);
    out.push(`${I}server_name ${group.hosts.join(' ')};`);
    out.push(
      `${I}ssl_certificate ${path.join(certs, `${group.cert.id}.crt`)};`,
    );
    out.push(
      `${I}ssl_certificate_key ${path.join(certs, `${group.cert.id}.key`)};`,
    );
    out.push(...body(true), '}');
  }
  return {
    app: route.app,
    text: `${out.map(line => I + line).join('\n')}\n`,
    certIds: route.tlsGroups.map(g => g.cert.id),
    hosts: sortHosts([...route.plainHosts, ...tlsHosts]),
  };
}

/** Renders the whole nginx.conf around app blocks; blocks are sorted by app here. */
export function renderConfig(
  blocks: AppBlock[],
  options: NginxOptions,
): RenderedConfig {
  const p = nginxPaths(options.configDir);
  const d = options.defaults;
  const head = [
    '# Generated by Slipway (router "nginx") from the route table.',
    '# Every change replaces this whole file: do not edit it.',
    `worker_processes ${options.workerProcesses};`,
    `pid ${options.pidFile};`,
    `error_log ${p.errorLog} warn;`,
    // Old workers holding long-lived connections must not pile up across reloads.
    'worker_shutdown_timeout 30s;',
    ...(options.lua?.modules ?? []).map(m => `load_module ${m};`),
    'events {',
    `${I}worker_connections 4096;`,
    '}',
    'http {',
    `client_body_temp_path ${p.temp}/client_body;`,
    `proxy_temp_path ${p.temp}/proxy;`,
    `fastcgi_temp_path ${p.temp}/fastcgi;`,
    `uwsgi_temp_path ${p.temp}/uwsgi;`,
    `scgi_temp_path ${p.temp}/scgi;`,
    'server_tokens off;',
    'server_names_hash_max_size 262144;',
    'server_names_hash_bucket_size 128;',
    'variables_hash_max_size 2048;',
    'log_format slipway escape=json \'{"time":"$time_iso8601","request_id":"$request_id",\'',
    `${I}'"app":"$slipway_app","host":"$host","remote_addr":"$remote_addr","method":"$request_method",'`,
    `${I}'"uri":"$slipway_path","status":$status,"bytes_sent":$body_bytes_sent,"request_time":$request_time,'`,
    `${I}'"upstream_addr":"$upstream_addr","upstream_status":"$upstream_status",'`,
    `${I}'"upstream_response_time":"$upstream_response_time","user_agent":"$http_user_agent"}';`,
    ...feedHead(options),
    `access_log ${p.accessLog} slipway buffer=64k flush=1s;`,
    'keepalive_timeout 65s;',
    'gzip on;',
    'gzip_proxied any;',
    'gzip_vary on;',
    'gzip_min_length 1024;',
    'gzip_types text/plain text/css text/xml application/json application/javascript application/xml image/svg+xml;',
    "map $http_upgrade $connection_upgrade { default upgrade; '' ''; }",
    'proxy_http_version 1.1;',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_set_header X-Forwarded-Port $server_port;',
    'proxy_set_header X-Request-Id $request_id;',
    'proxy_set_header Upgrade $http_upgrade;',
    'proxy_set_header Connection $connection_upgrade;',
    `proxy_connect_timeout ${d.connectTimeout}s;`,
    `proxy_read_timeout ${d.readTimeout}s;`,
    `proxy_send_timeout ${d.sendTimeout}s;`,
    `client_max_body_size ${d.bodySize.toLowerCase()};`,
    'ssl_protocols TLSv1.2 TLSv1.3;',
    'ssl_session_cache shared:slipway_tls:10m;',
    'ssl_session_timeout 1h;',
    ...luaHead(options),
    ...acmeHttpLines(),
    '# Loopback only: answers the hash of the config the workers run, to confirm reloads.',
    'server {',
    `${I}listen 127.0.0.1:${options.statusPort};`,
    `${I}set $slipway_app "";`,
    `${I}access_log off;`,
    `${I}location = ${STATUS_PATH} { default_type text/plain; return 200 "${HASH_TOKEN}"; }`,
    ...(options.lua
      ? [
          `${I}location = ${ENDPOINTS_PATH} {`,
          `${I}${I}client_max_body_size 64m;`,
          `${I}${I}client_body_buffer_size 16m;`,
          `${I}${I}content_by_lua_block { require("${LUA_MODULE_NAME}").update() }`,
          `${I}}`,
        ]
      : []),
    `${I}location / { return 404; }`,
    '}',
    '# Hosts no app claims.',
    'server {',
    `${I}listen ${options.httpPort} default_server;`,
    `${I}listen ${options.httpsPort} ssl default_server;`,
    `${I}ssl_reject_handshake on;`,
    `${I}server_name _;`,
    `${I}set $slipway_app "";`,
    ...acmeServerLines(options).map(l => I + l),
    `${I}location / {`,
    ...page(404, 'No app here', 'No app is reachable at this address.'),
    `${I}}`,
    '}',
  ];
  const httpAt = head.indexOf('http {') + 1;
  const indented = head.map((line, i) => (i < httpAt ? line : I + line));
  const lines = new Map<string, [number, number]>();
  let lineCount = head.length;
  const parts = [`${indented.join('\n')}\n`];
  for (const block of [...blocks].sort((a, b) => (a.app < b.app ? -1 : 1))) {
    const count = block.text.split('\n').length - 1;
    lines.set(block.app, [lineCount + 1, lineCount + count]);
    lineCount += count;
    parts.push(block.text);
  }
  parts.push('}\n');
  const withToken = parts.join('');
  const hash = createHash('sha256').update(withToken).digest('hex');
  return { text: withToken.replace(HASH_TOKEN, hash), hash, lines };
}

/** The shared dictionary, the balancer upstream and the module's init, when Lua is there. */
function luaHead(options: NginxOptions): string[] {
  if (!options.lua) return [];
  const p = nginxPaths(options.configDir);
  return [
    `lua_package_path "${p.lua}/?.lua;${options.lua.restyPath}/?.lua;;";`,
    // Kept across reloads (same name and size); 10,000 apps take about 2 MB.
    'lua_shared_dict slipway_endpoints 32m;',
    `init_by_lua_block { require("${LUA_MODULE_NAME}").init("${p.luaToken}", "${p.luaState}") }`,
    `upstream ${DYNAMIC_UPSTREAM} {`,
    // Never used: the balancer sets the peer of every request.
    `${I}server 0.0.0.1;`,
    `${I}balancer_by_lua_block { require("${LUA_MODULE_NAME}").balance() }`,
    `${I}keepalive 256;`,
    '}',
  ];
}

/** Hosts sorted for server_name; stable whatever order they came in. */
function sortHosts(hosts: string[]): string[] {
  return [...hosts].sort();
}

/** A fixed HTML page; callers pass only app names (whitelisted) and fixed text. */
function page(status: number, title: string, text: string): string[] {
  return [
    `${I}${I}default_type text/html;`,
    `${I}${I}return ${status} "<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\\n";`,
  ];
}
