import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  appNameProblem,
  configKeyProblem,
} from '@slipway/plugin-slipway-common';
import {
  callApi,
  check,
  checkpointKey,
  clientFor,
  type SlipwayActionsOptions,
} from './api';

/** `slipway:config:set` — sets (or, with null, unsets) config values; one new release. */
export function createSlipwayConfigSetAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  { app: string; values: Record<string, string | null> },
  { version: number },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:config:set',
    description:
      'Sets config values (environment) of a Slipway app as one new release; a null value unsets the key. Values are never logged.',
    supportsDryRun: true,
    schema: {
      input: {
        app: z => z.string({ description: 'App name' }),
        values: z =>
          z.record(z.string(), z.string().nullable(), {
            description: 'Key → value; null unsets the key',
          }),
      },
      output: {
        version: z => z.number({ description: 'Version of the new release' }),
      },
    },
    async handler(ctx) {
      const { app, values } = ctx.input;
      check(appNameProblem(app));
      const keys = Object.keys(values).sort();
      check(keys.length === 0 ? 'No config values given' : undefined);
      keys.forEach(key => check(configKeyProblem(key)));
      // Only keys are logged: values are often secrets.
      const set = keys.filter(k => values[k] !== null);
      const unset = keys.filter(k => values[k] === null);
      const what = [
        set.length ? `set ${set.join(', ')}` : '',
        unset.length ? `unset ${unset.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would ${what} on ${app}`);
        return;
      }

      const client = clientFor(options, ctx);
      const version = await ctx.checkpoint({
        key: checkpointKey(ctx, 'config.set', app),
        fn: async () =>
          (
            await callApi(() => client.patchConfig(app, { values }))
          ).version,
      });
      ctx.logger.info(`${app}: ${what} → v${version}`);
      ctx.output('version', version);
    },
  });
}
