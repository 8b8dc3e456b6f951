import {
  PIPELINE_STAGES,
  type PipelineStage,
} from '@slipway/plugin-slipway-common';
import type { CouplingRecord } from '../ledger';

/** Stages after `stage`, in promotion order. */
export function stagesAfter(stage: PipelineStage): PipelineStage[] {
  return PIPELINE_STAGES.slice(PIPELINE_STAGES.indexOf(stage) + 1);
}

/** The apps of the first stage after `stage` that has any (Heroku's default promotion target). */
export function nextStageApps(
  couplings: CouplingRecord[],
  stage: PipelineStage,
): CouplingRecord[] {
  for (const next of stagesAfter(stage)) {
    const apps = couplings.filter(c => c.stage === next);
    if (apps.length > 0) return apps;
  }
  return [];
}

/** `{review: [], development: [], staging: [], production: []}` filled by `of`. */
export function byStage<T>(
  items: T[],
  stageOf: (item: T) => PipelineStage,
): Record<PipelineStage, T[]> {
  const stages = Object.fromEntries(
    PIPELINE_STAGES.map(stage => [stage, [] as T[]]),
  ) as Record<PipelineStage, T[]>;
  for (const item of items) stages[stageOf(item)].push(item);
  return stages;
}
