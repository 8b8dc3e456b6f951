import { InputError } from '@backstage/errors';
import {
  appNameProblem,
  processTypeProblem,
} from '@slipway/plugin-slipway-common';

/**
 * Names and labels of the objects Slipway owns. Every name is derived from a validated app name and
 * process type (DNS-1035 labels), so nothing a user submits can shape a name, a label or a selector.
 */

export const FIELD_MANAGER = 'slipway';
export const LABEL_APP = 'slipway.io/app';
export const LABEL_TYPE = 'slipway.io/type';
export const LABEL_RELEASE = 'slipway.io/release';
export const LABEL_ROLE = 'slipway.io/role';
/** On a run Job that is a release's release phase (value `release`), not a one-off run. */
export const LABEL_PHASE = 'slipway.io/phase';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const ANNOTATION_SPEC_HASH = 'slipway.io/spec-hash';
export const ANNOTATION_RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** Throws InputError unless `app` is a valid app name. */
export function checkApp(app: string): string {
  const problem = appNameProblem(app);
  if (problem) throw new InputError(problem);
  return app;
}

/** Throws InputError unless `type` is a valid process type. */
export function checkType(type: string): string {
  const problem = processTypeProblem(type);
  if (problem) throw new InputError(problem);
  return type;
}

export const namespaceOf = (app: string) => checkApp(app);
export const deploymentName = (app: string, type: string) =>
  `${checkApp(app)}-${checkType(type)}`;
export const serviceName = (app: string) => `${checkApp(app)}-web`;
export const networkPolicyName = (app: string) => `${checkApp(app)}-ingress`;
export const envSecretName = (app: string, version: number) =>
  `${checkApp(app)}-v${checkVersion(version)}-env`;

function checkVersion(version: number): number {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new InputError(
      `Release version ${String(version)} is not a positive integer`,
    );
  }
  return version;
}

/** Labels on every object of an app; `backstage.io/kubernetes-id` lets the Kubernetes plugin find them. */
export function appLabels(app: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': checkApp(app),
    [LABEL_MANAGED_BY]: 'slipway',
    [LABEL_APP]: app,
    'backstage.io/kubernetes-id': app,
  };
}

/** Labels of one process type's Deployment and pods. */
export function processLabels(
  app: string,
  type: string,
  version: number,
): Record<string, string> {
  return {
    ...appLabels(app),
    [LABEL_TYPE]: checkType(type),
    [LABEL_RELEASE]: `v${checkVersion(version)}`,
  };
}

/** The labels a process type's pods are selected by (stable across releases). */
export function processSelector(
  app: string,
  type: string,
): Record<string, string> {
  return { [LABEL_APP]: checkApp(app), [LABEL_TYPE]: checkType(type) };
}

/** `a=b,c=d` for label selectors built from derived labels only. */
export function selectorString(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Parses the `slipway.io/release` label (`v12`) back to a version. */
export function releaseOf(labels: Record<string, string> | undefined): number {
  const match = /^v(\d+)$/.exec(labels?.[LABEL_RELEASE] ?? '');
  return match ? Number(match[1]) : 0;
}
