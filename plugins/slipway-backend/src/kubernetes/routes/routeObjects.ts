import type { V1Secret, V1Service } from '@kubernetes/client-node';
import type { Route, RouteTls } from '@slipway/plugin-slipway-node';
import { createHash } from 'node:crypto';
import { withHash } from '../manifests';
import { LABEL_ROLE, appLabels, checkApp, namespaceOf } from '../names';

/** Label that marks the objects a router owns (its value: the router's name). */
export const LABEL_ROUTER = 'slipway.io/router';

export function routerLabels(
  app: string,
  router: string,
  role: string,
): Record<string, string> {
  return { ...appLabels(app), [LABEL_ROUTER]: router, [LABEL_ROLE]: role };
}

/** The TLS Secret of an uploaded certificate; its name is derived from a hash, never from the cert's name. */
export function tlsSecretName(app: string, tls: RouteTls): string {
  const digest = createHash('sha256')
    .update(tls.certName)
    .digest('hex')
    .slice(0, 10);
  return `${checkApp(app)}-tls-${digest}`;
}

/** Where cert-manager keeps the certificate it issues for an app's hosts without an uploaded one. */
export const autoTlsSecretName = (app: string) => `${checkApp(app)}-auto-tls`;

export function tlsSecretManifest(
  app: string,
  router: string,
  tls: RouteTls,
): V1Secret {
  return withHash<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: tlsSecretName(app, tls),
      namespace: namespaceOf(app),
      labels: routerLabels(app, router, 'tls'),
    },
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from(`${tls.certificate.trim()}\n`).toString('base64'),
      'tls.key': Buffer.from(`${tls.key.trim()}\n`).toString('base64'),
    },
  });
}

/** During maintenance the route points here: a Service without endpoints, which controllers answer with 503. */
export const maintenanceServiceName = (app: string) =>
  `${checkApp(app)}-maintenance`;
export const MAINTENANCE_PORT = 80;

export function maintenanceServiceManifest(
  app: string,
  router: string,
): V1Service {
  return withHash<V1Service>({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: maintenanceServiceName(app),
      namespace: namespaceOf(app),
      labels: routerLabels(app, router, 'maintenance'),
    },
    // No selector and no Endpoints: there is never a pod behind it.
    spec: {
      type: 'ClusterIP',
      ports: [{ name: 'http', port: MAINTENANCE_PORT, protocol: 'TCP' }],
    },
  });
}

/** The TLS Secrets of a route's uploaded certificates, one per certificate, sorted by name. */
export function tlsSecrets(route: Route, router: string): V1Secret[] {
  const byName = new Map<string, V1Secret>();
  for (const { tls } of route.hosts) {
    if (tls)
      byName.set(
        tlsSecretName(route.app, tls),
        tlsSecretManifest(route.app, router, tls),
      );
  }
  return [...byName.keys()].sort().map(name => byName.get(name)!);
}
