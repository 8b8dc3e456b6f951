/* eslint-disable jest/no-export, jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests, jest/expect-expect -- a describe wrapper for the suites, not a test file */
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The real Kubernetes 1.28 control plane that `npm test` starts (scripts/kubeControlPlane.js) and hands to
 * jest as SLIPWAY_TEST_KUBECONFIG. Suites that need it use `describeWithCluster`: skipped locally when no
 * control plane runs, failing under CI (like the PostgreSQL tests).
 */
const kubeconfigPath = process.env.SLIPWAY_TEST_KUBECONFIG;

export const realClusterAvailable = Boolean(kubeconfigPath);

/** `describe` when the real control plane runs; otherwise skipped locally and failing under CI. */
export function describeWithCluster(name: string, fn: () => void) {
  if (realClusterAvailable) {
    describe(name, fn);
  } else if (process.env.CI) {
    describe(name, () => {
      it('needs the real Kubernetes control plane (run the tests with `npm test`)', () => {
        throw new Error(
          'SLIPWAY_TEST_KUBECONFIG is not set: CI requires the Kubernetes tests',
        );
      });
    });
  } else {
    describe.skip(name, fn);
  }
}

/** The admin kubeconfig of the control plane (group system:masters). */
export function adminKubeConfig(): KubeConfig {
  if (!kubeconfigPath) throw new Error('SLIPWAY_TEST_KUBECONFIG is not set');
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}

export function adminObjects(): KubernetesObjectApi {
  return KubernetesObjectApi.makeApiClient(adminKubeConfig());
}

/** A short random suffix so that parallel suites and repeated runs never share names. */
export function uniqueSuffix(): string {
  return randomBytes(3).toString('hex');
}

/** Applies (creates or replaces) objects as admin with server-side apply. */
export async function applyAsAdmin(objects: any[]): Promise<void> {
  const api = adminObjects();
  for (const object of objects) {
    await api.patch(
      object,
      undefined,
      undefined,
      'slipway-test',
      true,
      'application/apply-patch+yaml' as any,
    );
  }
}

/**
 * A ServiceAccount token for `name` in namespace `kube-system`, bound to `clusterRole` (a ClusterRole that exists
 * or is applied first). The token controller fills the token Secret within about a second.
 */
export async function serviceAccountToken(
  name: string,
  clusterRole: string,
): Promise<string> {
  await applyAsAdmin([
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: 'kube-system' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: {
        name: `${name}-token`,
        namespace: 'kube-system',
        annotations: { 'kubernetes.io/service-account.name': name },
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${name}-binding` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: clusterRole,
      },
      subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }],
    },
  ]);
  const api = adminObjects();
  for (let i = 0; i < 100; i++) {
    const secret: any = await api.read({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-token`, namespace: 'kube-system' },
    });
    if (secret.data?.token) {
      return Buffer.from(secret.data.token, 'base64').toString('utf8');
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`the token of ServiceAccount ${name} was never filled in`);
}

/** The API server's URL and CA, as `slipway.kubernetes.clusters[]` wants them. */
export function clusterEndpoint(): { url: string; caData: string } {
  const cluster = adminKubeConfig().getCurrentCluster();
  if (!cluster?.caData) throw new Error('the test kubeconfig has no CA');
  return { url: cluster.server, caData: cluster.caData };
}

/**
 * A `slipway.kubernetes.clusters[]` entry that acts as a ServiceAccount bound to `clusterRole`
 * (default `cluster-admin`), the way a production install authenticates.
 */
export async function clusterConfig(
  name = 'test',
  options: { clusterRole?: string; serviceAccount?: string } = {},
) {
  const serviceAccount =
    options.serviceAccount ?? `slipway-test-${options.clusterRole ?? 'admin'}`;
  return {
    name,
    ...clusterEndpoint(),
    authProvider: 'serviceAccount',
    serviceAccountToken: await serviceAccountToken(
      serviceAccount,
      options.clusterRole ?? 'cluster-admin',
    ),
  };
}

export type KubeletRule = {
  /** Glob over container images; the first matching rule wins. */
  image: string;
  phase?: 'Succeeded' | 'Failed';
  after?: number;
  exitCode?: number;
  message?: string;
  logs?: string;
  ready?: boolean;
  /** A running pod whose containers restarted this often, the last run ending with `lastExitCode`/`lastReason`. */
  restarts?: number;
  lastExitCode?: number;
  lastReason?: string;
  /** What `GET …/log?previous=true` serves. */
  previousLogs?: string;
};

/**
 * Adds rules to the fake kubelet's ConfigMap `default/fake-kubelet` (re-read every second), keeping the rules
 * other suites set for other images; a rule for the same image glob is replaced. Use image names unique to the
 * test so that suites running in parallel never match each other's rules.
 */
export async function setKubeletRules(rules: KubeletRule[]): Promise<void> {
  const api = adminObjects();
  for (let attempt = 0; ; attempt++) {
    let current: any;
    try {
      current = await api.read({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'fake-kubelet', namespace: 'default' },
      });
    } catch {
      current = undefined;
    }
    const existing: KubeletRule[] = JSON.parse(
      current?.data?.['rules.json'] ?? '[]',
    );
    const images = new Set(rules.map(r => r.image));
    const merged = [...rules, ...existing.filter(r => !images.has(r.image))];
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'fake-kubelet',
        namespace: 'default',
        ...(current
          ? { resourceVersion: current.metadata.resourceVersion }
          : {}),
      },
      data: { 'rules.json': JSON.stringify(merged) },
    };
    try {
      if (current) await api.replace(body);
      else await api.create(body);
      // The kubelet re-reads its rules every second.
      await new Promise(r => setTimeout(r, 1200));
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/**
 * The objects of every ```yaml block in `docs/kubernetes.md`, so that RBAC tests apply exactly what the guide
 * tells a platform team to apply.
 */
export function documentedObjects(): any[] {
  const doc = fs.readFileSync(
    path.resolve(__dirname, '../../../../../docs/kubernetes.md'),
    'utf8',
  );
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]);
  return blocks
    .flatMap(block => parseAllDocuments(block).map(d => d.toJSON()))
    .filter((o: any) => o && typeof o === 'object' && o.kind);
}

/** The ClusterRole named `name` from `docs/kubernetes.md`. */
export function documentedClusterRole(name: string): any {
  const role = documentedObjects().find(
    o => o.kind === 'ClusterRole' && o.metadata?.name === name,
  );
  if (!role) throw new Error(`docs/kubernetes.md has no ClusterRole ${name}`);
  return role;
}
