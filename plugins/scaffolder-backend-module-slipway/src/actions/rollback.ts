import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { appNameProblem } from '@slipway/plugin-slipway-common';
import {
  callApi,
  check,
  checkpointKey,
  clientFor,
  type SlipwayActionsOptions,
} from './api';

/** `slipway:rollback` — a new release with the build and config of an earlier one. */
export function createSlipwayRollbackAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  {
    app: string;
    version?: number;
  },
  {
    version: number;
  },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:rollback',
    description:
      'Rolls a Slipway app back: creates a new release with the build and config of `version` (default: the previous release).',
    supportsDryRun: true,
    schema: {
      input: {
        app: z => z.string({ description: 'App name' }),
        version: z =>
          z
            .number({
              description: 'Release to roll back to; default the previous one',
            })
            .int()
            .min(1)
            .optional(),
      },
      output: {
        version: z => z.number({ description: 'Version of the new release' }),
      },
    },
    async handler(ctx) {
      const { app, version } = ctx.input;
      check(appNameProblem(app));
      const target = version ? `v${version}` : 'the previous release';

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would roll ${app} back to ${target}`);
        return;
      }
      const client = clientFor(options, ctx);
      // A second rollback would create yet another release: remember the first.
      const created = await ctx.checkpoint({
        key: checkpointKey(ctx, 'rollback', app),
        fn: async () =>
          (
            await callApi(() => client.rollback(app, version))
          ).version,
      });
      ctx.logger.info(`Rolled ${app} back to ${target} as v${created}`);
      ctx.output('version', created);
    },
  });
}
