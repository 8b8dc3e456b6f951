/*
 * Test doubles of a runtime and a router: they record every call and answer like a healthy
 * platform (or as a test tells them to). Real runtimes and routers are tested in their own folders.
 */
import type {
  LogLine,
  Process,
  RunResult,
} from '@slipway/plugin-slipway-common';
import type {
  AppDesiredState,
  LogOptions,
  TrafficRouter,
  RouterApplyResult,
  RouteTable,
  Runtime,
  RuntimeApplyResult,
} from '@slipway/plugin-slipway-node';

export class RecordingRuntime implements Runtime {
  readonly created: { app: string; cluster: string }[] = [];
  readonly deleted: { app: string; cluster: string }[] = [];
  readonly applies: AppDesiredState[] = [];
  readonly restarts: {
    app: string;
    target: { type?: string; name?: string };
  }[] = [];
  readonly runs: { version: number; command: string }[] = [];
  /** Why limits cannot be applied, as a local runtime without cgroups says; default: they can. */
  cannotLimit?: string;
  limitsProblem(
    _limits?: Record<string, { memory?: string; cpu?: string } | null>,
  ): string | undefined {
    return this.cannotLimit;
  }

  /** What the next applies report; default: ready with an upstream when there is a web process. */
  onApply: (desired: AppDesiredState) => RuntimeApplyResult = desired => ({
    status: 'ready',
    ...(desired.release && (desired.structure.web ?? 0) > 0
      ? {
          upstream: {
            addresses: [`127.0.0.1:${4000 + desired.release.version}`],
          },
        }
      : {}),
  });
  logLines: LogLine[] = [
    {
      time: '2026-01-01T00:00:00.000Z',
      source: 'web.1',
      line: 'listening on 5000',
    },
    { time: '2026-01-01T00:00:01.000Z', source: 'web.1', line: 'GET / 200' },
  ];
  /** Makes createApp fail (with this error, when one is given). */
  createFails: boolean | Error = false;

  async createApp(app: string, cluster: string) {
    if (this.createFails)
      throw this.createFails instanceof Error
        ? this.createFails
        : new Error('cluster unreachable');
    this.created.push({ app, cluster });
  }
  async apply(desired: AppDesiredState) {
    this.applies.push(structuredClone(desired));
    return this.onApply(desired);
  }
  async processes(app: string): Promise<Process[]> {
    const last = [...this.applies].reverse().find(d => d.app === app);
    return Object.entries(last?.structure ?? {}).flatMap(([type, n]) =>
      Array.from({ length: n }, (_, i) => ({
        name: `${type}.${i + 1}`,
        type,
        release: last?.release?.version ?? 0,
        state: 'up' as const,
        restarts: 0,
      })),
    );
  }
  async restart(
    app: string,
    _cluster: string,
    target: { type?: string; name?: string },
  ) {
    this.restarts.push({ app, target });
  }
  async run(desired: AppDesiredState, command: string): Promise<RunResult> {
    this.runs.push({ version: desired.release!.version, command });
    return {
      exitCode: 0,
      output: `ran ${command} with FOO=${
        desired.release!.config.values.FOO ?? ''
      }\n`,
    };
  }
  async *logs(
    _app: string,
    _cluster: string,
    options: LogOptions,
  ): AsyncIterable<LogLine> {
    const lines = options.lines
      ? this.logLines.slice(-options.lines)
      : this.logLines;
    for (const line of lines) {
      if (!options.type || line.source.startsWith(`${options.type}.`))
        yield line;
    }
  }
  async deleteApp(app: string, cluster: string) {
    this.deleted.push({ app, cluster });
  }
  appliesOf(app: string): AppDesiredState[] {
    return this.applies.filter(d => d.app === app);
  }
}

export class RecordingRouter implements TrafficRouter {
  readonly tables: RouteTable[] = [];
  /** Apps the router refuses, with why. */
  rejectApps = new Map<string, string>();

  /** How many times apply was called, changed or not. */
  applies = 0;

  async apply(table: RouteTable): Promise<RouterApplyResult> {
    this.applies++;
    const previous = this.tables[this.tables.length - 1];
    const changed = JSON.stringify(previous) !== JSON.stringify(table);
    if (changed) this.tables.push(structuredClone(table));
    return {
      changed,
      rejected: table
        .filter(r => this.rejectApps.has(r.app))
        .map(r => ({ app: r.app, reason: this.rejectApps.get(r.app)! })),
    };
  }
  defaultHost(app: string) {
    return `${app}.apps.test`;
  }
  defaultUrl(app: string) {
    return `http://${app}.apps.test:8080`;
  }
  get lastTable(): RouteTable {
    return this.tables[this.tables.length - 1] ?? [];
  }
}
