import { CHALLENGE_PREFIX } from '../../acme/challenges';
import type { NginxOptions } from './options';

const I = '    ';
const ACME_ZONE = 'slipway_acme';
/** Challenge requests per client address: 10 a second, bursts of 20, beyond that 429. */
export const ACME_RATE = '10r/s';
export const ACME_BURST = 20;

/**
 * http-level: whether the request URI *as the client sent it* is on the ACME challenge path. The
 * server lines below route on it, so `/.well-known/acme-challenge/../../x` (which nginx
 * normalizes to `/x`) goes to the challenge responder too, never to the app.
 */
export function acmeHttpLines(): string[] {
  return [
    // Per client address: outside clients cannot load the backend's responder for free (a
    // directory validates each name a few times per order, far below this).
    `limit_req_zone $binary_remote_addr zone=${ACME_ZONE}:1m rate=${ACME_RATE};`,
    `map $request_uri $slipway_acme { default 0; "~^${CHALLENGE_PREFIX.replaceAll(
      '.',
      '\\.',
    )}" 1; }`,
  ];
}

/**
 * Lines of a plain-HTTP server of an app with `autoTls` (and of the default server): the challenge
 * path goes to the backend's loopback challenge responder before anything else (https redirect,
 * allowlist, maintenance), with the raw request URI, which the responder checks itself (GET/HEAD,
 * a base64url token the issuer waits on for that Host; anything else 404), at most `ACME_RATE`
 * per client address (429 beyond the burst).
 */
export function acmeServerLines(options: NginxOptions): string[] {
  return [
    `if ($slipway_acme) { rewrite ^ ${CHALLENGE_PREFIX} last; }`,
    `location ^~ ${CHALLENGE_PREFIX} {`,
    `${I}allow all;`,
    `${I}limit_req zone=${ACME_ZONE} burst=${ACME_BURST} nodelay;`,
    `${I}limit_req_status 429;`,
    `${I}proxy_pass http://127.0.0.1:${options.acmePort}$request_uri;`,
    `${I}client_max_body_size 1k;`,
    '}',
  ];
}
