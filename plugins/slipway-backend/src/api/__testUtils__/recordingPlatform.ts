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
  CapturedLogLine,
  RunOptions,
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
  /** Unset (as on the local runtime) unless a test sets it. */
  stopReleasePhase?: Runtime['stopReleasePhase'];
  readonly restarts: {
    app: string;
    target: { type?: string; name?: string };
  }[] = [];
  readonly runs: { version: number; command: string }[] = [];
  private readonly logListeners = new Set<
    (app: string, line: CapturedLogLine) => void
  >();
  onLogLine(listener: (app: string, line: CapturedLogLine) => void) {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }
  /** A line as a process of `app` would print it (tests of retained logs). */
  print(app: string, source: string, line: string, release?: number) {
    const captured: CapturedLogLine = {
      time: new Date().toISOString(),
      source,
      line,
      kind: 'app',
      release,
    };
    for (const listener of this.logListeners) listener(app, captured);
  }

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
  /** Like Kubernetes: `logs` holds only current processes, the platform prepends the retained tail. */
  tailFromRetained = false;
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
  /** Processes reported instead of the applied structure's (a crash loop), per app. */
  readonly reported = new Map<string, Process[]>();
  private readonly processListeners = new Set<(app: string) => void>();
  onProcessChange(listener: (app: string) => void) {
    this.processListeners.add(listener);
    return () => this.processListeners.delete(listener);
  }
  /** Reports `processes` of `app` (or, with none, the applied structure's again), as a runtime observes them. */
  report(app: string, processes?: Process[]) {
    if (processes) this.reported.set(app, processes);
    else this.reported.delete(app);
    for (const listener of this.processListeners) listener(app);
  }
  async processes(app: string): Promise<Process[]> {
    const reported = this.reported.get(app);
    if (reported) return reported;
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
  async run(
    desired: AppDesiredState,
    command: string,
    options?: RunOptions,
  ): Promise<RunResult> {
    this.runs.push({ version: desired.release!.version, command });
    const line = `ran ${command} with FOO=${
      desired.release!.config.values.FOO ?? ''
    }`;
    options?.onLine?.(line);
    return { exitCode: 0, output: `${line}\n` };
  }
  /** The options of every logs call, e.g. to see `previous` passed on. */
  readonly logCalls: LogOptions[] = [];
  async *logs(
    _app: string,
    _cluster: string,
    options: LogOptions,
  ): AsyncIterable<LogLine> {
    this.logCalls.push(options);
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
