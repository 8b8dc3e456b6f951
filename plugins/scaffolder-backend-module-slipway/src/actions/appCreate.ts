import { ConflictError, ResponseError } from '@backstage/errors';
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

/** `slipway:app:create` — creates an app (release v1, git remote) owned by the given owner or the user. */
export function createSlipwayAppCreateAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  {
    name: string;
    owner?: string;
    description?: string;
    cluster?: string;
    deploys?: 'code' | 'image';
  },
  {
    name: string;
    gitRemote: string;
    entityRef: string;
    url?: string;
  },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:app:create',
    description:
      'Creates a Slipway app with its first release (v1) and git remote, on behalf of the user running the template.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create an app owned by a team',
        example: [
          'steps:',
          '  - id: create-app',
          '    action: slipway:app:create',
          '    input:',
          '      name: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'App name: 3–30 lowercase letters, digits and hyphens, starting with a letter',
          }),
        owner: z =>
          z
            .string({
              description:
                'Catalog entity ref of the owner; defaults to the user running the template',
            })
            .optional(),
        description: z =>
          z
            .string({
              description:
                'One line about the app, shown on its catalog entity',
            })
            .max(500)
            .optional(),
        cluster: z =>
          z
            .string({
              description: 'Runtime target; defaults to the platform default',
            })
            .optional(),
        deploys: z =>
          z
            .enum(['code', 'image'], {
              description:
                'What the template deploys into the app: `code` (pushed and built, the default) or `image` (a prebuilt container image, which needs a Kubernetes cluster: refused before the app is created where it would run on the local runtime)',
            })
            .optional(),
      },
      output: {
        name: z => z.string({ description: 'The app name' }),
        url: z =>
          z.string({ description: 'Default URL of the app' }).optional(),
        gitRemote: z => z.string({ description: 'The app’s git remote' }),
        entityRef: z =>
          z.string({ description: 'Catalog entity ref of the app' }),
      },
    },
    async handler(ctx) {
      const { name, cluster } = ctx.input;
      check(appNameProblem(name));
      // Before anything is created: an app the template could not deploy into is never left behind.
      if (ctx.input.deploys === 'image') check(imageProblem(options, cluster));
      const owner = ctx.input.owner || ctx.user?.ref;
      const entityRef = `component:default/${name}`;
      const client = clientFor(options, ctx);

      if (ctx.isDryRun) {
        // Reading is harmless: tell the user now that the name is taken.
        const existing = await client.getApp(name).catch(error => {
          if (ResponseError.is(error) && [403, 404].includes(error.statusCode))
            return undefined;
          throw error;
        });
        if (existing) throw new ConflictError(`App "${name}" already exists`);
        const base = await options.discovery.getExternalBaseUrl('slipway');
        ctx.logger.info(
          `Dry run: would create app "${name}" owned by ${owner ?? 'you'}${
            cluster ? ` on cluster ${cluster}` : ''
          }`,
        );
        ctx.output('name', name);
        ctx.output('gitRemote', `${base}/git/${name}.git`);
        ctx.output('entityRef', entityRef);
        return;
      }

      // A retried step must not try to create the app a second time (that would be a 409).
      const app = await ctx.checkpoint({
        key: checkpointKey(ctx, 'app.create', name),
        fn: async () => {
          const created = await callApi(() =>
            client.createApp({
              name,
              ...(owner && { owner }),
              ...(ctx.input.description?.trim() && {
                description: ctx.input.description.trim(),
              }),
              ...(cluster && { cluster }),
            }),
          ).catch(async error => {
            // "Start over" after a failed run: the app that run created is taken up again.
            const leftOver = await halfCreatedApp(client, name, ctx.user?.ref);
            if (!leftOver) throw error;
            ctx.logger.info(
              `App "${name}" was left half-created by an earlier run of yours (nothing deployed yet); continuing with it`,
            );
            return leftOver;
          });
          return {
            name: created.name,
            owner: created.owner,
            url: created.url,
            gitRemote: created.gitRemote,
          };
        },
      });

      ctx.logger.info(
        `Created app "${app.name}" owned by ${app.owner}: ${app.url}`,
      );
      ctx.output('name', app.name);
      ctx.output('url', app.url);
      ctx.output('gitRemote', app.gitRemote);
      ctx.output('entityRef', entityRef);
    },
  });
}

/**
 * The app `name` when an earlier template run of this user created it and failed before anything
 * was deployed (only v1, made by this user). Anything else someone already works with is left alone.
 */
async function halfCreatedApp(
  client: ReturnType<typeof clientFor>,
  name: string,
  userRef: string | undefined,
) {
  if (!userRef) return undefined;
  const existing = await client.getApp(name).catch(() => undefined);
  const release = existing?.release;
  const untouched =
    release?.version === 1 && !release.build && release.createdBy === userRef;
  return untouched ? existing : undefined;
}

/** Why an app on `cluster` (or the platform's default) cannot run a prebuilt image, if it cannot. */
function imageProblem(
  options: SlipwayActionsOptions,
  cluster: string | undefined,
): string | undefined {
  const runtime = options.config?.getOptionalString('slipway.runtime');
  const target =
    cluster ??
    options.config?.getOptionalString('slipway.defaultCluster') ??
    (runtime === 'local' ? 'local' : undefined);
  if (target !== 'local') return undefined;
  return 'This portal runs apps on the local runtime, which runs only what Slipway builds from a git push: deploying a container image needs a Kubernetes cluster. Nothing was created. Use a template that pushes code, or "Empty app" and git push.';
}
