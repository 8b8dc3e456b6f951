import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { appNameProblem, domainProblem } from '@slipway/plugin-slipway-common';
import {
  callApi,
  check,
  checkpointKey,
  clientFor,
  type SlipwayActionsOptions,
} from './api';

/** `slipway:domains:add` — routes a custom domain to an app. */
export function createSlipwayDomainsAddAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  {
    app: string;
    domain: string;
  },
  {
    domain: string;
  },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:domains:add',
    description:
      'Adds a custom domain to a Slipway app (unique across apps; a leading *. makes a wildcard).',
    supportsDryRun: true,
    schema: {
      input: {
        app: z => z.string({ description: 'App name' }),
        domain: z =>
          z.string({ description: 'Hostname, e.g. www.example.com' }),
      },
      output: {
        domain: z => z.string({ description: 'The added domain' }),
      },
    },
    async handler(ctx) {
      const { app, domain } = ctx.input;
      check(appNameProblem(app));
      check(domainProblem(domain));

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would add ${domain} to ${app}`);
        return;
      }
      const client = clientFor(options, ctx);
      const added = await ctx.checkpoint({
        key: checkpointKey(ctx, 'domains.add', app, domain),
        fn: async () =>
          (
            await callApi(() => client.addDomain(app, domain))
          ).domain,
      });
      ctx.logger.info(`Added ${added} to ${app}`);
      ctx.output('domain', added);
    },
  });
}
