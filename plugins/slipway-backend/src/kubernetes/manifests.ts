import type { V1Namespace, V1Secret } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import {
  ANNOTATION_SPEC_HASH,
  LABEL_ROLE,
  appLabels,
  namespaceOf,
} from './names';

/** Pod Security admission levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export function namespaceManifest(
  app: string,
  podSecurity: PodSecurityLevel = 'baseline',
): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespaceOf(app),
      labels: {
        ...appLabels(app),
        'pod-security.kubernetes.io/enforce': podSecurity,
      },
    },
  };
}

/** A `kubernetes.io/dockerconfigjson` Secret for pulling from the configured registry. */
export function registrySecretManifest(
  app: string,
  name: string,
  registry: { server: string; username: string; password: string },
): V1Secret {
  const auth = Buffer.from(
    `${registry.username}:${registry.password}`,
  ).toString('base64');
  const dockerConfig = {
    auths: {
      [registry.server]: {
        username: registry.username,
        password: registry.password,
        auth,
      },
    },
  };
  return withHash<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: namespaceOf(app),
      labels: { ...appLabels(app), [LABEL_ROLE]: 'registry' },
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(JSON.stringify(dockerConfig)).toString(
        'base64',
      ),
    },
  });
}

/** JSON with sorted keys: the same object always gives the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter(k => (value as any)[k] !== undefined)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stableJson((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Stamps an object with the hash of what Slipway wants it to be. A live object with the same hash is
 * already what Slipway applied; if its fields differ anyway, someone changed it (drift).
 */
export function withHash<
  T extends { metadata?: { annotations?: Record<string, string> } },
>(object: T): T {
  const hash = specHash(object);
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: {
        ...object.metadata?.annotations,
        [ANNOTATION_SPEC_HASH]: hash,
      },
    },
  };
}

export function specHash(object: {
  metadata?: { annotations?: Record<string, string> };
}): string {
  const annotations = { ...object.metadata?.annotations };
  delete annotations[ANNOTATION_SPEC_HASH];
  const copy = { ...object, metadata: { ...object.metadata, annotations } };
  return createHash('sha256')
    .update(stableJson(copy))
    .digest('hex')
    .slice(0, 16);
}
