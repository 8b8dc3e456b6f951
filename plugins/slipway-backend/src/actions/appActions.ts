import { appShape, fields } from './schemas';
import { auditedChange, plain, type ActionContext } from './context';

/** list-apps, get-app, create-app, delete-app. */
export function registerAppActions(ctx: ActionContext): void {
  const { registry, services: s } = ctx;

  registry.register({
    name: 'list-apps',
    title: 'List Slipway apps',
    description:
      'Lists the Slipway apps the caller may read, one page at a time, sorted by name. Filter by part ' +
      'of the name (q) or by owner. Each app has its owner, URL, newest release and health.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          q: z
            .string()
            .min(1)
            .max(64)
            .optional()
            .describe('Part of the app name (case-insensitive)'),
          owner: z
            .array(z.string().min(1).max(255))
            .max(50)
            .optional()
            .describe('Owner entity refs, e.g. ["group:default/team-a"]'),
          limit: fields(z).limit,
          cursor: fields(z).cursor,
        }),
      output: z =>
        z.object({
          items: z.array(appShape(z)),
          totalItems: z.number().int(),
          pageInfo: fields(z).pageInfo,
        }),
    },
    action: async ({ input, credentials }) => ({
      output: plain(await s.apps.list(credentials, input)),
    }),
  });

  registry.register({
    name: 'get-app',
    title: 'Show a Slipway app',
    description:
      'Shows one Slipway app: owner, cluster, process structure (replicas by process type), URL, git ' +
      'remote, current release, pipeline and health. Config values are masked unless the caller may ' +
      'read them.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ app: fields(z).app }),
      output: z => z.object({ app: appShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: { app: plain(await s.apps.get(credentials, input.app)) },
    }),
  });

  registry.register({
    name: 'create-app',
    title: 'Create a Slipway app',
    description:
      'Creates an app with release v1 (nothing deployed yet), its git remote and URL. Deploy it with ' +
      'deploy-image or by pushing to the git remote. Fails if the name is taken.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          name: z
            .string()
            .min(3)
            .max(30)
            .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/)
            .describe(
              'App name: 3 to 30 lowercase letters, digits and hyphens, starting with a letter',
            ),
          owner: z
            .string()
            .min(1)
            .max(255)
            .optional()
            .describe(
              'Entity ref of the owning User or Group the catalog knows (default: the caller)',
            ),
          description: z
            .string()
            .max(500)
            .optional()
            .describe('One line about the app'),
        }),
      output: z => z.object({ app: appShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        app: plain(
          await auditedChange(
            ctx,
            credentials,
            'app-create',
            { app: input.name },
            () => s.apps.create(credentials, input),
          ),
        ),
      },
    }),
  });

  registry.register({
    name: 'delete-app',
    title: 'Delete a Slipway app',
    description:
      'Destroys an app for good: its processes, releases, config, domains, certificates, builds and git ' +
      'repository. Cannot be undone. Only its owners may delete it.',
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z => z.object({ app: fields(z).app }),
      output: z => z.object({ deleted: z.string() }),
    },
    action: async ({ input, credentials }) => {
      await auditedChange(
        ctx,
        credentials,
        'app-delete',
        { app: input.app },
        () => s.apps.delete(credentials, input.app),
      );
      return { output: { deleted: input.app } };
    },
  });
}
