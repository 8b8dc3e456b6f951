import { cidrProblem, domainProblem } from '@slipway/plugin-slipway-common';
import type { Route } from '@slipway/plugin-slipway-node';

const BODY_SIZE = /^[0-9]{1,6}[kKmMgG]?$/;
const PEM_CERT =
  /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/;
const PEM_KEY =
  /^-----BEGIN ([A-Z]+ )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END ([A-Z]+ )?PRIVATE KEY-----\s*$/;

/**
 * Why a route cannot be turned into Kubernetes objects, or an empty list. Everything that ends up in an object is
 * checked here once more (the API validated it already): hosts, CIDRs, numbers, sizes and PEM shapes.
 */
export function routeProblems(route: Route): string[] {
  const problems: string[] = [];
  if (route.hosts.length === 0) problems.push('no hosts');
  for (const { host, tls } of route.hosts) {
    const problem = domainProblem(host);
    if (problem) problems.push(problem);
    if (tls) {
      if (!PEM_CERT.test(tls.certificate.trim()))
        problems.push(
          `the certificate "${tls.certName.slice(0, 60)}" is not PEM`,
        );
      if (!PEM_KEY.test(tls.key.trim()))
        problems.push(
          `the key of certificate "${tls.certName.slice(0, 60)}" is not PEM`,
        );
    }
  }
  for (const cidr of route.allowlist) {
    const problem = cidrProblem(cidr);
    if (problem) problems.push(problem);
  }
  for (const field of [
    'connectTimeout',
    'readTimeout',
    'sendTimeout',
  ] as const) {
    const value = route[field];
    if (!Number.isInteger(value) || value < 1 || value > 3600)
      problems.push(`${field} must be 1 to 3600 seconds`);
  }
  if (!BODY_SIZE.test(route.bodySize))
    problems.push(
      `body size "${String(route.bodySize).slice(
        0,
        20,
      )}" must look like 1m or 512k`,
    );
  if (
    route.hsts.enabled &&
    (!Number.isInteger(route.hsts.maxAge) || route.hsts.maxAge < 0)
  ) {
    problems.push('HSTS max-age must be a whole number of seconds');
  }
  if (route.upstream && !route.upstream.service)
    problems.push('the upstream is not a Kubernetes Service');
  if (
    route.upstream?.service &&
    route.upstream.service.namespace !== route.app
  ) {
    problems.push('the upstream Service is not in the app namespace');
  }
  return problems;
}

/** The `Strict-Transport-Security` value of a route, from typed fields only. */
export function hstsValue(route: Route): string {
  return [
    `max-age=${Math.trunc(route.hsts.maxAge)}`,
    ...(route.hsts.includeSubdomains ? ['includeSubDomains'] : []),
    ...(route.hsts.preload ? ['preload'] : []),
  ].join('; ');
}
