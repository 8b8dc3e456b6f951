import type { Route, RouteTls } from '@slipway/plugin-slipway-node';
import { testRoute } from '../../routing/builtin/testing/http';

/** A route as the reconciler builds it for an app running on the Kubernetes runtime. */
export function kubernetesRoute(app: string, more: Partial<Route> = {}): Route {
  return testRoute(app, {
    hosts: [{ host: `${app}.apps.example.test` }],
    upstream: {
      addresses: [`${app}-web.${app}.svc.cluster.local:80`],
      service: { namespace: app, name: `${app}-web`, port: 80 },
    },
    hsts: {
      enabled: false,
      maxAge: 31536000,
      includeSubdomains: false,
      preload: false,
    },
    connectTimeout: 30,
    ...more,
  });
}

/** PEM-shaped TLS material (routers check the shape; the API checked the certificate itself). */
export function pemTls(certName: string): RouteTls {
  const body = Buffer.from(`certificate ${certName}`).toString('base64');
  return {
    certName,
    certificate: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    key: `-----BEGIN PRIVATE KEY-----\n${Buffer.from(
      `key ${certName}`,
    ).toString('base64')}\n-----END PRIVATE KEY-----\n`,
  };
}
