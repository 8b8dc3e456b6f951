import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type ComponentEntity,
} from '@backstage/catalog-model';
import type { App } from '@slipway/plugin-slipway-common';

/** The annotation that names the Slipway app an entity stands for. */
export const SLIPWAY_APP_ANNOTATION = 'slipway.io/app';

/** The location ref of an app's entity, in both managed-by annotations. */
export function appLocationRef(app: string): string {
  return `slipway:${app}`;
}

/** Whether an entity came from this provider (rather than from another location). */
export function isFromSlipwayProvider(
  annotations?: Record<string, string>,
): boolean {
  return !!annotations?.[ANNOTATION_ORIGIN_LOCATION]?.startsWith('slipway:');
}

/** The catalog ref of an app's entity. */
export function appEntityRef(app: string): string {
  return `component:default/${app}`;
}

/** Apps of the `local` runtime run as processes on the backend's machine, not on a cluster. */
const LOCAL_CLUSTER = 'local';

/**
 * The catalog entity of an app (docs/design.md, "Portal surfaces"): a service owned by the app's
 * owner; `experimental` until something is deployed, then its pipeline stage (`staging`,
 * `production`, …) or, outside any pipeline, `deployed`: only a pipeline says which
 * environment an app is, so nothing else is called production. Only apps on a
 * Kubernetes cluster are wired to the Kubernetes plugin (a local app has no workloads to show).
 * No source location: the git remote is for `git push`, not a page a browser can show.
 */
export function appToEntity(
  app: App,
  system?: string,
  stage?: string,
): ComponentEntity {
  const location = appLocationRef(app.name);
  const onKubernetes = app.cluster !== LOCAL_CLUSTER;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: app.name,
      namespace: 'default',
      description: app.description ?? `Slipway app ${app.name}`,
      tags: ['slipway'],
      annotations: {
        [SLIPWAY_APP_ANNOTATION]: app.name,
        ...(onKubernetes
          ? {
              'backstage.io/kubernetes-id': app.name,
              'backstage.io/kubernetes-namespace': app.name,
            }
          : {}),
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
      links: [{ url: app.url, title: 'App', icon: 'web' }],
    },
    spec: {
      type: 'service',
      lifecycle: app.release?.build ? stage ?? 'deployed' : 'experimental',
      owner: app.owner,
      // The pipeline the app is coupled to (a System of the same name).
      ...(system ? { system } : {}),
    },
  };
}
