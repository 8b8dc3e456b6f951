import type { PipelineContext } from './context';
import { PipelineService } from './PipelineService';
import { PromotionService } from './PromotionService';

export type { PipelineContext } from './context';
export { PipelineService, PromotionService };

/** The pipeline and promotion services over one context. */
export type PipelineServices = ReturnType<typeof createPipelineServices>;

export function createPipelineServices(ctx: PipelineContext) {
  const promotions = new PromotionService(ctx);
  return { pipelines: new PipelineService(ctx, promotions), promotions };
}
