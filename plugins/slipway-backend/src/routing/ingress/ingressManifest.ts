import type { V1Ingress, V1IngressTLS } from '@kubernetes/client-node';
import type { Route } from '@slipway/plugin-slipway-node';
import { withHash } from '../../kubernetes/manifests';
import { namespaceOf } from '../../kubernetes/names';
import {
  MAINTENANCE_PORT,
  autoTlsSecretName,
  maintenanceServiceName,
  routerLabels,
  tlsSecretName,
} from '../../kubernetes/routes/routeObjects';
import { hstsValue } from '../../kubernetes/routes/validateRoute';

export type IngressSettings = {
  /** `spec.ingressClassName` (default `nginx`). */
  className: string;
  /** cert-manager issuer for `autoTls` (default ClusterIssuer `letsencrypt`). */
  issuer: { kind: 'ClusterIssuer' | 'Issuer'; name: string };
  /** `snippet`: HSTS per app through a configuration-snippet; `controller`: left to the controller's global `hsts`. */
  hsts: 'snippet' | 'controller';
};

const NGINX = 'nginx.ingress.kubernetes.io';

/** The Ingress of one app: its hosts, TLS and ingress-nginx annotations, all from typed, validated fields. */
export function ingressManifest(
  route: Route,
  settings: IngressSettings,
  /** The `slipway.io/router` label value. */
  label = 'ingress',
): V1Ingress {
  const backend = route.maintenance
    ? {
        name: maintenanceServiceName(route.app),
        port: { number: MAINTENANCE_PORT },
      }
    : {
        name: route.upstream!.service!.name,
        port: { number: route.upstream!.service!.port },
      };

  // Hosts grouped by the Secret holding their certificate; cert-manager fills the auto-TLS one.
  const tlsHosts = new Map<string, string[]>();
  for (const { host, tls } of route.hosts) {
    let secret: string | undefined;
    if (tls) secret = tlsSecretName(route.app, tls);
    else if (route.autoTls) secret = autoTlsSecretName(route.app);
    if (secret) tlsHosts.set(secret, [...(tlsHosts.get(secret) ?? []), host]);
  }
  const tls: V1IngressTLS[] = [...tlsHosts.keys()]
    .sort()
    .map(secretName => ({ hosts: tlsHosts.get(secretName)!, secretName }));
  const needsIssuer = route.autoTls && route.hosts.some(h => !h.tls);

  const annotations: Record<string, string> = {
    [`${NGINX}/ssl-redirect`]: String(route.httpsOnly),
    [`${NGINX}/force-ssl-redirect`]: String(route.httpsOnly),
    [`${NGINX}/proxy-connect-timeout`]: String(route.connectTimeout),
    [`${NGINX}/proxy-read-timeout`]: String(route.readTimeout),
    [`${NGINX}/proxy-send-timeout`]: String(route.sendTimeout),
    [`${NGINX}/proxy-body-size`]: route.bodySize,
  };
  if (route.allowlist.length) {
    annotations[`${NGINX}/whitelist-source-range`] = [...route.allowlist]
      .sort()
      .join(',');
  }
  if (route.hsts.enabled && settings.hsts === 'snippet') {
    annotations[
      `${NGINX}/configuration-snippet`
    ] = `more_set_headers "Strict-Transport-Security: ${hstsValue(route)}";`;
  }
  if (needsIssuer) {
    const key =
      settings.issuer.kind === 'ClusterIssuer'
        ? 'cert-manager.io/cluster-issuer'
        : 'cert-manager.io/issuer';
    annotations[key] = settings.issuer.name;
  }

  return withHash<V1Ingress>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: route.app,
      namespace: namespaceOf(route.app),
      labels: routerLabels(route.app, label, 'route'),
      annotations,
    },
    spec: {
      ingressClassName: settings.className,
      ...(tls.length ? { tls } : {}),
      rules: route.hosts.map(({ host }) => ({
        host,
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: backend } },
          ],
        },
      })),
    },
  });
}
