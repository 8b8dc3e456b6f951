import type {
  Pipeline,
  PipelineApp,
  Promotion,
} from '@slipway/plugin-slipway-common';
import type {
  BuildRecord,
  CouplingRecord,
  PipelineRecord,
  PromotionRecord,
  ReleaseRecord,
} from '../ledger';
import { byStage } from './stages';

export function pipelineView(
  pipeline: PipelineRecord,
  apps: PipelineApp[],
  pending?: Promotion[],
  history?: Promotion[],
): Pipeline {
  return {
    name: pipeline.name,
    owner: pipeline.owner,
    createdAt: pipeline.createdAt,
    stages: byStage(apps, app => app.stage),
    ...(pending ? { pending } : {}),
    ...(history ? { history } : {}),
  };
}

export function pipelineAppView(
  coupling: CouplingRecord,
  current: ReleaseRecord | undefined,
  newest: ReleaseRecord | undefined,
  builds: Map<string, Omit<BuildRecord, 'log'>>,
): PipelineApp {
  const build = current?.buildId ? builds.get(current.buildId) : undefined;
  return {
    name: coupling.app,
    stage: coupling.stage,
    ...(current
      ? {
          release: {
            version: current.version,
            status: current.status,
            summary: current.summary,
            createdAt: current.createdAt,
            ...(build
              ? {
                  build: {
                    id: build.id,
                    image: build.image,
                    ...(build.sha ? { sha: build.sha } : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(newest ? { status: newest.status } : {}),
  };
}

export function promotionView(
  promotion: PromotionRecord,
  build: Pick<BuildRecord, 'image' | 'sha'> | undefined,
): Promotion {
  const { buildId: _buildId, ...rest } = promotion;
  return {
    ...rest,
    image: build?.image ?? '',
    ...(build?.sha ? { sha: build.sha } : {}),
  };
}
