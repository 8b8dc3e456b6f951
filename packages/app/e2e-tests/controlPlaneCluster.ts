import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A `slipway.kubernetes.clusters[]` entry for the test run's control plane (scripts/kubeControlPlane.js):
 * a ServiceAccount bound to cluster-admin, made as the admin of `kubeconfig` with curl, as a production
 * install authenticates.
 */
export async function controlPlaneCluster(kubeconfig: string, name: string) {
  const server = /server: (\S+)/.exec(fs.readFileSync(kubeconfig, 'utf8'))![1];
  const pki = path.join(path.dirname(kubeconfig), 'pki');
  const kube = (method: string, url: string, body?: object) =>
    JSON.parse(
      execFileSync(
        'curl',
        [
          '-sSf',
          '--cacert',
          `${pki}/ca.crt`,
          '--cert',
          `${pki}/admin.crt`,
          '--key',
          `${pki}/admin.key`,
          '-X',
          method,
          ...(body
            ? [
                '-H',
                'Content-Type: application/apply-patch+yaml',
                '--data',
                JSON.stringify(body),
              ]
            : []),
          `${server}${url}${
            body ? '?fieldManager=slipway-e2e&force=true' : ''
          }`,
        ],
        { encoding: 'utf8' },
      ),
    );
  const namespace = 'kube-system';
  kube('PATCH', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}`, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
  });
  kube('PATCH', `/api/v1/namespaces/${namespace}/secrets/${name}-token`, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: {
      name: `${name}-token`,
      namespace,
      annotations: { 'kubernetes.io/service-account.name': name },
    },
  });
  kube(
    'PATCH',
    `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}-binding`,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${name}-binding` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  );
  for (let i = 0; i < 100; i++) {
    const secret = kube(
      'GET',
      `/api/v1/namespaces/${namespace}/secrets/${name}-token`,
    );
    if (secret.data?.token) {
      return {
        name: 'real',
        url: server,
        caData: fs.readFileSync(`${pki}/ca.crt`).toString('base64'),
        authProvider: 'serviceAccount',
        serviceAccountToken: Buffer.from(secret.data.token, 'base64').toString(
          'utf8',
        ),
      };
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`the token of ServiceAccount ${name} was never filled in`);
}
