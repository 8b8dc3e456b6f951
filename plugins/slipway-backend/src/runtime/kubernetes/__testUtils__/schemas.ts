import {
  HTTPRoute,
  Gateway,
} from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Namespace, Pod, Secret, Service } from 'kubernetes-models/v1';

/**
 * Validation of manifests against the Kubernetes OpenAPI schemas (and the Gateway API CRD schemas), as compiled
 * to ajv validators by the `kubernetes-models` packages. Used by the fake API server on every write and by tests.
 */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/Pod': Pod,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'gateway.networking.k8s.io/v1/HTTPRoute': HTTPRoute,
  'gateway.networking.k8s.io/v1/Gateway': Gateway,
};

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels (the rest: DNS-1123 subdomains). */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

/** Problems of a manifest (schema, names, labels), or an empty list. */
export function manifestProblems(object: any): string[] {
  const Model = MODELS[`${object?.apiVersion}/${object?.kind}`];
  if (!Model) return [`no schema for ${object?.apiVersion} ${object?.kind}`];
  const problems: string[] = [];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(String((error as Error).message).slice(0, 2000));
  }
  const name = object.metadata?.name;
  const nameRule = LABEL_NAMED.has(object.kind)
    ? DNS1123_LABEL
    : DNS1123_SUBDOMAIN;
  if (
    typeof name !== 'string' ||
    !nameRule.test(name) ||
    name.length > (LABEL_NAMED.has(object.kind) ? 63 : 253)
  ) {
    problems.push(`metadata.name "${name}" is not a valid ${object.kind} name`);
  }
  const labelMaps: [string, Record<string, string> | undefined][] = [
    ['metadata.labels', object.metadata?.labels],
    ['spec.template.metadata.labels', object.spec?.template?.metadata?.labels],
    ['spec.selector.matchLabels', object.spec?.selector?.matchLabels],
    ['spec.nodeSelector', object.spec?.template?.spec?.nodeSelector],
  ];
  for (const [where, labels] of labelMaps) {
    for (const [key, value] of Object.entries(labels ?? {})) {
      if (!LABEL_KEY.test(key)) problems.push(`${where}: invalid key "${key}"`);
      if (typeof value !== 'string' || !LABEL_VALUE.test(value))
        problems.push(`${where}: invalid value "${value}" of ${key}`);
    }
  }
  for (const key of Object.keys(object.data ?? {})) {
    if (!/^[-._a-zA-Z0-9]+$/.test(key))
      problems.push(`data: invalid key "${key}"`);
  }
  return problems;
}

/** Throws with every problem of a manifest. */
export function expectValidManifest(object: any): void {
  const problems = manifestProblems(object);
  if (problems.length) {
    throw new Error(
      `${object?.kind} ${object?.metadata?.name} is invalid:\n${problems.join(
        '\n',
      )}`,
    );
  }
}
