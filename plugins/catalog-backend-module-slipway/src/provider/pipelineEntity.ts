import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type SystemEntity,
} from '@backstage/catalog-model';
import type { Pipeline } from '@slipway/plugin-slipway-common';

/** The annotation that names the Slipway pipeline a System stands for. */
export const SLIPWAY_PIPELINE_ANNOTATION = 'slipway.io/pipeline';

/** The location ref of a pipeline's System, in both managed-by annotations. */
export function pipelineLocationRef(pipeline: string): string {
  return `slipway:pipeline:${pipeline}`;
}

/** The ref of a pipeline's System. */
export function pipelineEntityRef(pipeline: string): string {
  return `system:default/${pipeline}`;
}

/** The System a pipeline is in the catalog; its apps' Components point to it through `spec.system`. */
export function pipelineToEntity(pipeline: Pipeline): SystemEntity {
  const location = pipelineLocationRef(pipeline.name);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: pipeline.name,
      namespace: 'default',
      description: `Slipway pipeline ${pipeline.name}`,
      tags: ['slipway', 'pipeline'],
      annotations: {
        [SLIPWAY_PIPELINE_ANNOTATION]: pipeline.name,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
    spec: { owner: pipeline.owner },
  };
}

/** App name → the pipeline it is coupled to. */
export function pipelineOfApps(pipelines: Pipeline[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const pipeline of pipelines) {
    for (const apps of Object.values(pipeline.stages)) {
      for (const app of apps) result.set(app.name, pipeline.name);
    }
  }
  return result;
}

/** App name → its stage in the pipeline it is coupled to (`staging`, `production`, …). */
export function stageOfApps(pipelines: Pipeline[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const pipeline of pipelines) {
    for (const [stage, apps] of Object.entries(pipeline.stages)) {
      for (const app of apps) result.set(app.name, stage);
    }
  }
  return result;
}
