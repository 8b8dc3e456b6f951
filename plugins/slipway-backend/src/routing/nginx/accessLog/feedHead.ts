import type { NginxOptions } from '../options';
import { FEED_FORMAT, feedPaths } from './feedFiles';

/**
 * Lines of nginx.conf's http block for the access logs: `$slipway_path` (the request target
 * without its query or `;` path parameters such as `;jsessionid=`: their values may be tokens, so neither log ever holds them) and, with the feed
 * on, each request an app served sent to the backend over loopback UDP. The secret stays in the
 * included file, so nginx.conf is the same bytes for the same state.
 */
export function feedHead(options: NginxOptions): string[] {
  const lines = [
    `map $request_uri $slipway_path { "~^(?<slipway_request_path>[^?;]*)" $slipway_request_path; }`,
  ];
  if (options.accessLogPort === undefined) return lines;
  return [
    ...lines,
    '# Each request an app served, to the backend: router lines and request metrics.',
    `include ${feedPaths(options.configDir).format};`,
    `access_log syslog:server=127.0.0.1:${options.accessLogPort},tag=slipway,nohostname ${FEED_FORMAT} if=$slipway_app;`,
  ];
}
