import { fields, releaseShape } from './schemas';
import { auditedChange, plain, type ActionContext } from './context';

/** list-releases, rollback, deploy-image, list-builds. */
export function registerReleaseActions(ctx: ActionContext): void {
  const { registry, services: s } = ctx;

  registry.register({
    name: 'list-releases',
    title: 'List an app’s releases',
    description:
      'Lists an app’s releases newest first (like `heroku releases`): version, summary of what ' +
      'changed, who made it, when, and status (pending, succeeded, failed).',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          limit: fields(z).limit,
          cursor: fields(z).cursor,
        }),
      output: z =>
        z.object({
          items: z.array(releaseShape(z)),
          totalItems: z.number().int(),
          pageInfo: fields(z).pageInfo,
        }),
    },
    action: async ({ input, credentials }) => {
      const { app, ...page } = input;
      return {
        output: plain(await s.releases.list(credentials, app, page)),
      };
    },
  });

  registry.register({
    name: 'rollback',
    title: 'Roll back an app',
    description:
      'Makes a new release with the build and config of an earlier release (default: the one before ' +
      'the current), like `heroku rollback v12`. The current release is replaced.',
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          version: z
            .number()
            .int()
            .min(1)
            .max(999999999)
            .optional()
            .describe('Release version to return to, e.g. 12'),
        }),
      output: z => z.object({ release: releaseShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        release: plain(
          await auditedChange(
            ctx,
            credentials,
            'rollback',
            { app: input.app },
            () =>
              s.releases.rollback(
                credentials,
                input.app,
                input.version ? { version: input.version } : {},
              ),
          ),
        ),
      },
    }),
  });

  registry.register({
    name: 'deploy-image',
    title: 'Deploy a container image',
    description:
      'Deploys a prebuilt container image as a new release of the app (Kubernetes runtime; the local ' +
      'runtime runs only what it built from a git push). Images under the platform registry must be ' +
      'the app’s own.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          image: z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:@+]{0,511}$/)
            .describe(
              'Image reference, e.g. registry.example.com/team/app:1.2',
            ),
          procfile: z
            .record(
              z
                .string()
                .max(4096)
                // eslint-disable-next-line no-control-regex
                .regex(/^[^\r\n\x00]*$/),
            )
            .refine(
              p => Object.keys(p).length >= 1 && Object.keys(p).length <= 20,
              'give 1 to 20 process types',
            )
            .optional()
            .describe(
              'Commands by process type (default {"web": ""}: the image’s own command)',
            ),
        }),
      output: z => z.object({ release: releaseShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        release: plain(
          await auditedChange(
            ctx,
            credentials,
            'deploy',
            { app: input.app, image: input.image },
            () =>
              s.builds.deploy(credentials, input.app, {
                image: input.image,
                ...(input.procfile && { procfile: input.procfile }),
              }),
          ),
        ),
      },
    }),
  });

  registry.register({
    name: 'list-builds',
    title: 'List an app’s builds',
    description:
      'Lists an app’s builds newest first, without their logs: id, image, git commit, status and who ' +
      'started them.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          limit: fields(z).limit,
          cursor: fields(z).cursor,
        }),
      output: z =>
        z.object({
          items: z.array(
            z
              .object({ id: z.string(), image: z.string(), status: z.string() })
              .passthrough(),
          ),
          totalItems: z.number().int(),
          pageInfo: fields(z).pageInfo,
        }),
    },
    action: async ({ input, credentials }) => {
      const { app, ...page } = input;
      return { output: plain(await s.builds.list(credentials, app, page)) };
    },
  });
}
