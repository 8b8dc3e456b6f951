import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  appNameProblem,
  processTypeProblem,
} from '@slipway/plugin-slipway-common';
import {
  callApi,
  check,
  checkpointKey,
  clientFor,
  type SlipwayActionsOptions,
} from './api';
import { waitForRelease } from './waitForRelease';

// A pragmatic image reference check: [registry/]path[:tag][@digest], no whitespace.
const IMAGE = /^[a-z0-9]+([._\-/:@][a-zA-Z0-9_.-]+)*$/;

/** `slipway:deploy` — deploys a prebuilt container image as a new release and waits until it is live. */
export function createSlipwayDeployAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  {
    app: string;
    image: string;
    procfile?: Record<string, string>;
  },
  {
    version: number;
  },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:deploy',
    description:
      'Deploys a container image to a Slipway app (a build without building) and waits for the release to roll out.',
    supportsDryRun: true,
    schema: {
      input: {
        app: z => z.string({ description: 'App name' }),
        image: z =>
          z.string({
            description: 'Image reference, e.g. ghcr.io/acme/web:1.2.3',
          }),
        procfile: z =>
          z
            .record(z.string(), z.string(), {
              description:
                'Process type → command; without it the image’s own command runs as `web`',
            })
            .optional(),
      },
      output: {
        version: z => z.number({ description: 'The release version' }),
      },
    },
    async handler(ctx) {
      const { app, image, procfile } = ctx.input;
      check(appNameProblem(app));
      check(
        IMAGE.test(image)
          ? undefined
          : `"${image.slice(0, 100)}" is not a container image reference`,
      );
      for (const type of Object.keys(procfile ?? {})) {
        check(processTypeProblem(type));
      }

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would deploy ${image} to ${app}`);
        return;
      }

      const client = clientFor(options, ctx);
      const version = await ctx.checkpoint({
        key: checkpointKey(ctx, 'deploy', app),
        fn: async () => {
          const release = await callApi(() =>
            client.deployImage(app, { image, ...(procfile && { procfile }) }),
          );
          ctx.logger.info(
            `Deploying ${image} to ${app} as v${release.version}`,
          );
          return release.version;
        },
      });
      const release = await waitForRelease(
        app,
        () => callApi(() => client.getRelease(app, version)),
        { ...options, logger: ctx.logger, signal: ctx.signal },
      );
      ctx.logger.info(`Released ${app} v${release.version}`);
      ctx.output('version', release.version);
    },
  });
}
