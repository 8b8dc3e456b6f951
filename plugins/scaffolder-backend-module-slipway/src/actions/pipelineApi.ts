import { ResponseError } from '@backstage/errors';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type {
  Pipeline,
  PipelineStage,
  PromotionResult,
} from '@slipway/plugin-slipway-common';
import { fetchFor, type SlipwayActionsOptions } from './api';

/** The pipeline and promotion endpoints, on behalf of the user who runs the template. */
export function pipelineApiFor(
  options: SlipwayActionsOptions,
  ctx: ActionContext<any, any>,
) {
  const { fetch } = fetchFor(options, ctx);
  const call = async <T>(method: string, path: string, body?: object) => {
    const base = await options.discovery.getBaseUrl('slipway');
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  };
  const name = encodeURIComponent;
  return {
    getPipeline: (pipeline: string) =>
      call<Pipeline>('GET', `/pipelines/${name(pipeline)}`),
    createPipeline: (body: { name: string; owner?: string }) =>
      call<Pipeline>('POST', '/pipelines', body),
    couple: (pipeline: string, app: string, stage: PipelineStage) =>
      call<Pipeline>('PUT', `/pipelines/${name(pipeline)}/apps/${name(app)}`, {
        stage,
      }),
    promote: (app: string, to?: string[]) =>
      call<{ promotions: PromotionResult[] }>(
        'POST',
        `/apps/${name(app)}/promote`,
        to ? { to } : {},
      ),
  };
}
