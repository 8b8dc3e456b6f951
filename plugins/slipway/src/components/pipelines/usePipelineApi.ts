import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Page,
  Pipeline,
  Promotion,
  PromotionResult,
} from '@slipway/plugin-slipway-common';
import { useMemo } from 'react';

/** The pipeline and promotion endpoints of the Slipway backend, as the signed-in user. */
export function usePipelineApi() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(() => {
    const call = async <T>(method: string, path: string, body?: object) => {
      const base = await discoveryApi.getBaseUrl('slipway');
      const response = await fetchApi.fetch(`${base}${path}`, {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) throw await ResponseError.fromResponse(response);
      return (await response.json()) as T;
    };
    const name = encodeURIComponent;
    return {
      listPipelines: () => call<Page<Pipeline>>('GET', '/pipelines?limit=500'),
      getPipeline: (pipeline: string) =>
        call<Pipeline>('GET', `/pipelines/${name(pipeline)}`),
      promote: (app: string, to: string[]) =>
        call<{ promotions: PromotionResult[] }>(
          'POST',
          `/apps/${name(app)}/promote`,
          { to },
        ),
      approve: (id: string) =>
        call<PromotionResult>('POST', `/promotions/${name(id)}/approve`),
      reject: (id: string) =>
        call<Promotion>('POST', `/promotions/${name(id)}/reject`),
    };
  }, [discoveryApi, fetchApi]);
}

export type PipelineApi = ReturnType<typeof usePipelineApi>;
