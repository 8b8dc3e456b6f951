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

/** `slipway:promote` — the app's current build to the next stage of its pipeline (or to `to`). */
export function createSlipwayPromoteAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  {
    app: string;
    to?: string[];
  },
  {
    promotions: {
      id: string;
      app: string;
      version?: number;
      status: string;
    }[];
    pending: boolean;
  },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:promote',
    description:
      "Promotes a Slipway app's current build (the same slug or image) to the apps of the next stage of its pipeline, or to `to`. Each target keeps its own config; targets that require approval get a pending promotion.",
    supportsDryRun: true,
    schema: {
      input: {
        app: z => z.string({ description: 'The app whose build to promote' }),
        to: z =>
          z
            .array(z.string(), {
              description:
                'Target apps; default all apps of the next non-empty stage',
            })
            .min(1)
            .max(50)
            .optional(),
      },
      output: {
        promotions: z =>
          z.array(
            z.object({
              id: z.string(),
              app: z.string(),
              version: z.number().optional(),
              status: z.string(),
            }),
            {
              description:
                'One entry per target: its new release, or a pending promotion',
            },
          ),
        pending: z =>
          z.boolean({ description: 'Whether any target waits for approval' }),
      },
    },
    async handler(ctx) {
      const { app, to } = ctx.input;
      check(appNameProblem(app));
      for (const target of to ?? []) check(appNameProblem(target));
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would promote ${app}'s current build to ${
            to?.join(', ') ?? 'the next stage of its pipeline'
          }`,
        );
        ctx.output('promotions', []);
        ctx.output('pending', false);
        return;
      }
      const api = clientFor(options, ctx);
      // A retried step must not promote twice (the second would be refused anyway, with 409).
      const { promotions } = await ctx.checkpoint({
        key: checkpointKey(ctx, 'promote', app, ...(to ?? [])),
        fn: async () => callApi(() => api.promote(app, to)),
      });
      for (const p of promotions) {
        ctx.logger.info(
          p.version
            ? `Promoted ${app} to ${p.app} as v${p.version}`
            : `Promotion to ${p.app} waits for approval by another user (${p.id})`,
        );
      }
      ctx.output('promotions', promotions);
      ctx.output(
        'pending',
        promotions.some(p => p.version === undefined),
      );
    },
  });
}
