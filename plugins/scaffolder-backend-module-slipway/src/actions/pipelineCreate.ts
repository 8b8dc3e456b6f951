import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  appNameProblem,
  PIPELINE_STAGES,
  type PipelineStage,
} from '@slipway/plugin-slipway-common';
import {
  callApi,
  check,
  checkpointKey,
  clientFor,
  type SlipwayActionsOptions,
} from './api';

/** `slipway:pipeline:create` — a pipeline with its apps coupled into stages. */
export function createSlipwayPipelineCreateAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  {
    name: string;
    apps: {
      app: string;
      stage: 'review' | 'development' | 'staging' | 'production';
    }[];
    owner?: string;
  },
  {
    name: string;
    entityRef: string;
  },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:pipeline:create',
    description:
      'Creates a Slipway pipeline and couples existing apps into its stages (review, development, staging, production).',
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'Pipeline name (app-name rules)' }),
        owner: z =>
          z
            .string({ description: 'Owner entity ref; default the user' })
            .optional(),
        apps: z =>
          z
            .array(
              z.object({
                app: z.string(),
                stage: z.enum(PIPELINE_STAGES),
              }),
              { description: 'Apps to couple, each with its stage' },
            )
            .max(50)
            .default([]),
      },
      output: {
        name: z => z.string(),
        entityRef: z =>
          z.string({ description: "The pipeline's System in the catalog" }),
      },
    },
    async handler(ctx) {
      const { name, owner, apps } = ctx.input;
      check(appNameProblem(name)?.replace(/^App name/, 'Pipeline name'));
      for (const { app } of apps) check(appNameProblem(app));
      ctx.output('name', name);
      ctx.output('entityRef', `system:default/${name}`);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create pipeline "${name}" with ${apps
            .map(a => `${a.app} (${a.stage})`)
            .join(', ')}`,
        );
        return;
      }
      const api = clientFor(options, ctx);
      await ctx.checkpoint({
        key: checkpointKey(ctx, 'pipeline-create', name),
        fn: async () => {
          await callApi(() =>
            api.createPipeline({ name, ...(owner ? { owner } : {}) }),
          );
        },
      });
      // Coupling is idempotent (the same stage again changes nothing).
      for (const { app, stage } of apps) {
        await callApi(() => api.coupleApp(name, app, stage as PipelineStage));
        ctx.logger.info(`Coupled ${app} to pipeline ${name} as ${stage}`);
      }
    },
  });
}
