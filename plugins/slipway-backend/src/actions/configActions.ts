import { fields, releaseShape } from './schemas';
import { auditedChange, plain, type ActionContext } from './context';

/** get-config, set-config, unset-config: each change is a new release. */
export function registerConfigActions(ctx: ActionContext): void {
  const { registry, services: s } = ctx;

  registry.register({
    name: 'get-config',
    title: 'Read an app’s config',
    description:
      'Reads the config of an app’s current release: environment variables (values), limits, tags and ' +
      'health checks. `values` is empty (revealed: false) unless the caller may read config values; ' +
      'the variable names are always listed in `keys`.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ app: fields(z).app }),
      output: z =>
        z
          .object({
            values: z.record(z.string()),
            keys: z.array(z.string()),
            revealed: z
              .boolean()
              .describe('false when the caller may not read values'),
            version: z.number().int().optional(),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => ({
      output: plain(await s.config.get(credentials, input.app)),
    }),
  });

  const baseVersion = (z: Parameters<typeof fields>[0]) =>
    z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'The config version the change is based on (get-config’s version): refused if it changed since',
      );

  registry.register({
    name: 'set-config',
    title: 'Set config vars',
    description:
      'Sets environment variables of an app (like `heroku config:set`), making a new release that ' +
      'restarts its processes. Other variables stay. Refused when it changes nothing.',
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          values: z
            .record(z.string())
            .refine(v => Object.keys(v).length > 0, 'give at least one value')
            .describe('Variables to set, e.g. {"LOG_LEVEL": "debug"}'),
          baseVersion: baseVersion(z),
        }),
      output: z => z.object({ release: releaseShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        release: plain(
          await auditedChange(
            ctx,
            credentials,
            'config-update',
            { app: input.app, keys: Object.keys(input.values) },
            () =>
              s.config.patch(credentials, input.app, {
                values: input.values,
                ...(input.baseVersion && { baseVersion: input.baseVersion }),
              }),
          ),
        ),
      },
    }),
  });

  registry.register({
    name: 'unset-config',
    title: 'Unset config vars',
    description:
      'Removes environment variables of an app (like `heroku config:unset`), making a new release that ' +
      'restarts its processes. Refused when none of them is set.',
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          keys: z
            .array(z.string().min(1).max(255))
            .min(1)
            .max(100)
            .describe('Names of the variables to remove'),
          baseVersion: baseVersion(z),
        }),
      output: z => z.object({ release: releaseShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        release: plain(
          await auditedChange(
            ctx,
            credentials,
            'config-update',
            { app: input.app, keys: input.keys },
            () =>
              s.config.patch(credentials, input.app, {
                values: Object.fromEntries(input.keys.map(k => [k, null])),
                ...(input.baseVersion && { baseVersion: input.baseVersion }),
              }),
          ),
        ),
      },
    }),
  });
}
