import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
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

/**
 * The catalog entity of an app (docs/design.md, "Portal surfaces"): a production service
 * owned by the app's owner, wired to the Kubernetes plugin and to the app's git remote.
 */
export function appToEntity(app: App): ComponentEntity {
  const location = appLocationRef(app.name);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: app.name,
      namespace: 'default',
      description: `Slipway app ${app.name}`,
      tags: ['slipway'],
      annotations: {
        [SLIPWAY_APP_ANNOTATION]: app.name,
        'backstage.io/kubernetes-id': app.name,
        'backstage.io/kubernetes-namespace': app.name,
        [ANNOTATION_SOURCE_LOCATION]: `url:${app.gitRemote}`,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
      links: [{ url: app.url, title: 'App', icon: 'web' }],
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: app.owner,
    },
  };
}
