import { fields } from './schemas';
import { auditedChange, plain, type ActionContext } from './context';

const PROCESS_TYPE = /^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/;
/** Lines of log an agent gets at most: enough to diagnose, not a flood of tokens. */
const MAX_ACTION_LOG_LINES = 1000;

/** scale, autoscale, restart, run, get-logs. */
export function registerProcessActions(ctx: ActionContext): void {
  const { registry, services: s } = ctx;

  registry.register({
    name: 'scale',
    title: 'Scale an app’s processes',
    description:
      'Sets how many processes of each type run (like `heroku ps:scale web=2`). 0 stops every ' +
      'process of that type, taking the app offline if it is web. Answers the new process structure.',
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          replicas: z
            .record(z.number().int().min(0).max(100))
            .refine(
              r => Object.keys(r).every(t => PROCESS_TYPE.test(t)),
              'process types are lowercase letters, digits and hyphens',
            )
            .refine(
              r => Object.keys(r).length >= 1 && Object.keys(r).length <= 20,
              'give 1 to 20 process types',
            )
            .describe('Replicas by process type, e.g. {"web": 2, "worker": 1}'),
        }),
      output: z =>
        z.object({
          structure: z
            .record(z.number())
            .describe('Replicas by process type now'),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        structure: await auditedChange(
          ctx,
          credentials,
          'scale',
          { app: input.app },
          () => s.processes.scale(credentials, input.app, input.replicas),
        ),
      },
    }),
  });

  registry.register({
    name: 'autoscale',
    title: 'Autoscale a process type',
    description:
      'Lets Kubernetes scale a process type between min and max replicas to hold average CPU at ' +
      'cpuPercent (a HorizontalPodAutoscaler; Kubernetes runtime only, refused on the local runtime). ' +
      'Set enabled false to turn it off.',
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          type: z
            .string()
            .regex(PROCESS_TYPE)
            .describe('Process type, e.g. "web"'),
          enabled: z
            .boolean()
            .default(true)
            .describe('false removes autoscaling of this type'),
          min: z.number().int().min(1).max(100).optional(),
          max: z.number().int().min(1).max(100).optional(),
          cpuPercent: z.number().int().min(1).max(100).optional(),
        }),
      output: z =>
        z.object({
          autoscale: z
            .record(z.unknown())
            .describe('Autoscale bounds by process type now'),
        }),
    },
    action: async ({ input, credentials }) => {
      const settings = await auditedChange(
        ctx,
        credentials,
        'settings-update',
        { app: input.app, autoscale: input.type },
        async () => {
          const current = await s.settings.get(credentials, input.app);
          const autoscale = { ...(current.autoscale ?? {}) };
          if (input.enabled) {
            const { min, max, cpuPercent } = {
              ...autoscale[input.type],
              ...definedOnly(input),
            };
            autoscale[input.type] = {
              min: min ?? 1,
              max: max ?? 1,
              cpuPercent: cpuPercent ?? 80,
            };
          } else {
            delete autoscale[input.type];
          }
          return s.settings.patch(credentials, input.app, { autoscale });
        },
      );
      return { output: { autoscale: plain(settings.autoscale ?? {}) } };
    },
  });

  registry.register({
    name: 'restart',
    title: 'Restart an app’s processes',
    description:
      'Restarts all processes of an app, those of one type, or one process (like `heroku ps:restart`).',
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          type: z
            .string()
            .regex(PROCESS_TYPE)
            .optional()
            .describe('Only processes of this type, e.g. "web"'),
          name: z
            .string()
            .min(1)
            .max(253)
            .optional()
            .describe('Only this process, e.g. "web.1"'),
        }),
      output: z => z.object({ restarted: z.string() }),
    },
    action: async ({ input, credentials }) => {
      await auditedChange(ctx, credentials, 'restart', { app: input.app }, () =>
        s.processes.restart(credentials, input.app, {
          ...(input.type && { type: input.type }),
          ...(input.name && { name: input.name }),
        }),
      );
      return {
        output: {
          restarted: input.name ?? input.type ?? 'all processes',
        },
      };
    },
  });

  registry.register({
    name: 'run',
    title: 'Run a one-off command',
    description:
      'Runs a command once with the app’s current release and config (like `heroku run`), waits ' +
      'for it to end and answers its exit code and output (config values in the output are masked ' +
      'unless the caller may read them). The app must have been deployed.',
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          command: z
            .string()
            .min(1)
            .max(4096)
            .describe('Shell command, e.g. "python manage.py migrate"'),
        }),
      output: z => z.object({ exitCode: z.number().int(), output: z.string() }),
    },
    action: async ({ input, credentials }) => {
      const result = await auditedChange(
        ctx,
        credentials,
        'run',
        { app: input.app, command: input.command },
        () =>
          s.processes.run(credentials, input.app, { command: input.command }),
      );
      return {
        output: { exitCode: result.exitCode, output: result.output },
      };
    },
  });

  registry.register({
    name: 'get-logs',
    title: 'Read recent logs',
    description:
      'Reads the most recent log lines of an app’s processes, builds and router (like `heroku logs`), ' +
      'oldest first, as "<time> <source>: <line>". To follow the live stream use the slipway CLI ' +
      '(`slipway logs --tail`).',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          lines: z
            .number()
            .int()
            .min(1)
            .max(MAX_ACTION_LOG_LINES)
            .optional()
            .describe('How many recent lines (default 100)'),
          type: z
            .string()
            .regex(PROCESS_TYPE)
            .optional()
            .describe('Only this process type, e.g. "web"'),
        }),
      output: z => z.object({ lines: z.array(z.string()) }),
    },
    action: async ({ input, credentials }) => {
      const lines = await s.processes.logs(credentials, input.app, {
        lines: input.lines ?? 100,
        type: input.type,
      });
      const text: string[] = [];
      for await (const line of lines)
        text.push(`${line.time} ${line.source}: ${line.line}`);
      return { output: { lines: text } };
    },
  });
}

/** The bounds given, without the unset ones (so they do not overwrite the current ones). */
function definedOnly(input: {
  min?: number;
  max?: number;
  cpuPercent?: number;
}) {
  return Object.fromEntries(
    Object.entries({
      min: input.min,
      max: input.max,
      cpuPercent: input.cpuPercent,
    }).filter(([, v]) => v !== undefined),
  ) as { min?: number; max?: number; cpuPercent?: number };
}
