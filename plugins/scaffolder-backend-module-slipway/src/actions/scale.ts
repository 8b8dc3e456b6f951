import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  appNameProblem,
  processTypeProblem,
  replicasProblem,
} from '@slipway/plugin-slipway-common';
import { callApi, check, clientFor, type SlipwayActionsOptions } from './api';

/** `slipway:scale` — sets the number of replicas per process type. */
export function createSlipwayScaleAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  { app: string; processes: Record<string, number> },
  { structure: Record<string, number> },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:scale',
    description:
      'Scales process types of a Slipway app, e.g. { web: 2, worker: 1 }. Scaling to the same numbers again changes nothing.',
    supportsDryRun: true,
    schema: {
      input: {
        app: z => z.string({ description: 'App name' }),
        processes: z =>
          z.record(z.string(), z.number().int().min(0), {
            description: 'Process type → replicas',
          }),
      },
      output: {
        structure: z =>
          z.record(z.string(), z.number(), {
            description: 'Process type → replicas after scaling',
          }),
      },
    },
    async handler(ctx) {
      const { app, processes } = ctx.input;
      check(appNameProblem(app));
      const types = Object.keys(processes);
      check(types.length === 0 ? 'No process types given' : undefined);
      for (const type of types) {
        check(processTypeProblem(type));
        check(replicasProblem(type, processes[type]));
      }
      const what = types.map(t => `${t}=${processes[t]}`).join(' ');

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would scale ${app} to ${what}`);
        return;
      }
      // Scaling is absolute, so a retry converges to the same state: no checkpoint needed.
      const structure = await callApi(() =>
        clientFor(options, ctx).scale(app, processes),
      );
      ctx.logger.info(`Scaled ${app}: ${what}`);
      ctx.output('structure', structure);
    },
  });
}
