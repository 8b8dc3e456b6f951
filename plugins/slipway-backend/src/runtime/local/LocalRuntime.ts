import fs from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  appNameProblem,
  type Healthcheck,
  type LogLine,
  type Process,
  type ProcessLimits,
  type Procfile,
  type RunResult,
} from '@slipway/plugin-slipway-common';
import type {
  AppDesiredState,
  LogOptions,
  Runtime,
  RuntimeApplyResult,
  RouteUpstream,
  RunOptions,
  CapturedLogLine,
} from '@slipway/plugin-slipway-node';
import {
  ceilingProblem,
  chooseSandbox,
  DEFAULT_SANDBOX_SETTINGS,
  type Sandbox,
  type SandboxDirs,
} from '../../sandbox';
import { AppLog } from './AppLog';
import type { LocalRuntimeSettings } from './config';
import { appDirectories, processEnvironment } from './env';
import { runOneOff } from './oneOff';
import { PortAllocator } from './ports';
import { ProcessInstance } from './ProcessInstance';
import {
  readRecord,
  recordFile,
  stopLeftovers,
  writeRecord,
} from './processGroups';
import { slugDirectory } from './slug';
import { removeTree } from '../../hostFiles/removeTree';
import type { ProcessUsageSource } from '../../metrics/ProcessSampler';
import { cgroupUsageSource } from './cgroupUsage';

/** What a release needs to run here; two releases with equal plans run identically. */
type ReleasePlan = {
  version: number;
  image: string;
  dir: string;
  procfile: Procfile;
  values: Record<string, string>;
  healthchecks: Record<string, Healthcheck>;
  /** Process type → the release's memory and CPU limits (cgroups). */
  limits: Record<string, ProcessLimits>;
};

type AppState = {
  /** The release the current instances run. */
  release?: ReleasePlan;
  /** Instances of `release` that receive traffic, sorted by type and number. */
  instances: ProcessInstance[];
  /** Started but not yet ready (scale-up, restart). */
  pending: Set<ProcessInstance>;
  /** Replaced instances still running until their drain delay is over. */
  draining: Set<ProcessInstance>;
  drainTimers: Set<NodeJS.Timeout>;
  log: AppLog;
  leftoversChecked: boolean;
  oneOffs: number;
  /** Set once the app's deletion began: no rollout waits for (or starts) processes any more. */
  deleting?: boolean;
};

/** Told when an app's web addresses change outside `apply()` (a restart). */
export type UpstreamListener = (
  app: string,
  upstream: RouteUpstream | undefined,
) => void | Promise<void>;

/**
 * The `local` runtime: each release runs as supervised processes from its slug,
 * one per process type and replica, with zero-downtime replacement on deploys.
 * Every process (and one-off command, and exec check) runs in the sandbox.
 */
export class LocalRuntime implements Runtime {
  private readonly apps = new Map<string, AppState>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly ports: PortAllocator;
  private readonly listeners = new Set<UpstreamListener>();
  private readonly processListeners = new Set<(app: string) => void>();
  private readonly logListeners = new Set<
    (app: string, line: CapturedLogLine) => void
  >();
  private readonly sandbox: Sandbox;

  constructor(
    private readonly settings: LocalRuntimeSettings,
    private readonly logger: LoggerService,
    sandbox?: Sandbox,
  ) {
    this.ports = new PortAllocator(settings.portRange);
    this.sandbox = sandbox ?? chooseSandbox(DEFAULT_SANDBOX_SETTINGS, logger);
  }

  /** Where the processes' memory and CPU are read from: their cgroups; undefined without limits. */
  processUsage(): ProcessUsageSource | undefined {
    return this.sandbox.usage && cgroupUsageSource(this.sandbox.usage);
  }

  /**
   * Why releases' limits (or these `limits`) cannot be applied here: no writable cgroups, no
   * sandbox, or over the ceilings; undefined when they can.
   */
  limitsProblem(
    limits?: Record<string, { memory?: string; cpu?: string } | null>,
  ): string | undefined {
    if (this.sandbox.limitsProblem) return this.sandbox.limitsProblem;
    return limits && this.sandbox.ceilings
      ? ceilingProblem(limits, this.sandbox.ceilings)
      : undefined;
  }

  /** Registers a listener for web address changes that happen outside `apply()`. */
  onUpstreamChange(listener: UpstreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers a listener for process changes (started, up, crashed, stopped, gone). */
  onProcessChange(listener: (app: string) => void): () => void {
    this.processListeners.add(listener);
    return () => this.processListeners.delete(listener);
  }

  private processChanged(app: string) {
    for (const listener of this.processListeners) {
      try {
        listener(app);
      } catch (error) {
        this.logger.warn(`A process listener failed for ${app}: ${error}`);
      }
    }
  }

  async createApp(app: string, _cluster?: string): Promise<void> {
    const dirs = appDirectories(this.settings.dataDir, checkedName(app));
    for (const dir of [dirs.logs, dirs.home, dirs.tmp]) {
      await fs.mkdir(dir, { recursive: true });
    }
    await this.sandbox.grantWritable(dirs.home);
    await this.sandbox.grantWritable(dirs.tmp);
  }

  async apply(desired: AppDesiredState): Promise<RuntimeApplyResult> {
    const app = checkedName(desired.app);
    return this.exclusive(app, async () => {
      const state = this.state(app);
      if (state.deleting) {
        return { status: 'failed', reason: `${app} is being deleted` };
      }
      const drift = await this.stopLeftovers(app, state);
      const result = await this.converge(app, state, desired);
      return drift.length > 0
        ? { ...result, drift: [...(result.drift ?? []), ...drift] }
        : result;
    });
  }

  async processes(app: string, _cluster?: string): Promise<Process[]> {
    const state = this.apps.get(checkedName(app));
    if (!state) return [];
    // One row per name: while web.1 is replaced (restart, deploy), its newest instance stands for it.
    const newest = new Map<string, ProcessInstance>();
    for (const instance of [
      ...state.draining,
      ...state.instances,
      ...state.pending,
    ]) {
      const shown = newest.get(instance.name);
      if (!shown || (shown.startedAt ?? 0) <= (instance.startedAt ?? 0)) {
        newest.set(instance.name, instance);
      }
    }
    return [...newest.values()]
      .map(instance => instance.describe())
      .sort(
        (a, b) =>
          compareText(a.type, b.type) ||
          processNumber(a.name) - processNumber(b.name),
      );
  }

  async restart(
    app: string,
    _cluster: string,
    target: { type?: string; name?: string },
  ): Promise<void> {
    const name = checkedName(app);
    return this.exclusive(name, async () => {
      const state = this.state(name);
      const selected = state.instances.filter(
        i =>
          (!target.type || i.spec.type === target.type) &&
          (!target.name || i.name === target.name),
      );
      if (target.name && selected.length === 0) {
        throw new NotFoundError(`No process named ${target.name} is running`);
      }
      if (target.type && selected.length === 0) {
        throw new NotFoundError(`No ${target.type} processes are running`);
      }
      // Rolling: one at a time, the replacement ready before the old one leaves.
      for (const old of selected) {
        const outcome = await this.startReady(
          name,
          state,
          state.release!,
          [{ type: old.spec.type, number: old.spec.number }],
          this.settings.readyTimeout * 1000,
        );
        if ('problem' in outcome) {
          throw new ConflictError(
            `Restarting ${old.name} failed: ${outcome.problem}; the old process keeps running`,
          );
        }
        const [fresh] = outcome.started;
        state.instances = state.instances.map(i => (i === old ? fresh : i));
        this.retire(name, state, [old]);
        if (old.spec.type === 'web') this.announce(name, state);
      }
    });
  }

  async run(
    desired: AppDesiredState,
    command: string,
    options: RunOptions = {},
  ): Promise<RunResult> {
    const app = checkedName(desired.app);
    if (typeof command !== 'string' || command.trim() === '') {
      throw new InputError('command must be a non-empty string');
    }
    if (!desired.release) {
      throw new ConflictError(
        `${app} has no build to run yet; deploy one first`,
      );
    }
    const plan = await this.plan(desired.release);
    if ('problem' in plan) throw new ConflictError(plan.problem);
    await this.createApp(app);
    const state = this.state(app);
    const name = `run.${++state.oneOffs}`;
    const dirs = this.processDirs(app, plan);
    this.warnUnsandboxed(state, name);
    return runOneOff({
      app,
      name,
      command,
      dirs,
      env: processEnvironment(this.sandbox.paths(dirs), plan.values, {
        PS: name,
        SLIPWAY_RELEASE: `v${plan.version}`,
      }),
      timeoutMs: this.settings.runTimeout * 1000,
      log: state.log,
      sandbox: this.sandbox,
      onLine: options.onLine,
    });
  }

  async *logs(
    app: string,
    _cluster: string,
    options: LogOptions,
  ): AsyncIterable<LogLine> {
    yield* this.state(checkedName(app)).log.read(options);
  }

  /**
   * The app is being deleted: a rollout in flight stops waiting for its new processes (they are
   * stopped, with their checks), so the deletion need not wait for the deploy's timeout.
   */
  abandonRollout(app: string, _cluster?: string): void {
    const state = this.apps.get(checkedName(app));
    if (!state) return;
    state.deleting = true;
    for (const instance of state.pending) {
      void instance.stop(this.settings.stopTimeout * 1000);
    }
  }

  async deleteApp(app: string, _cluster?: string): Promise<void> {
    const name = checkedName(app);
    return this.exclusive(name, async () => {
      const state = this.state(name);
      await this.stopLeftovers(name, state);
      await this.stopAll(name, state);
      await state.log.close();
      this.apps.delete(name);
      const dirs = appDirectories(this.settings.dataDir, name);
      await removeTree(dirs.logs);
      await removeTree(dirs.run);
      await fs.rm(recordFile(this.settings.dataDir, name), { force: true });
    });
  }

  /** Stops every process of every app (backend shutdown). Hook to the plugin's shutdown. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.apps.keys()].map(app =>
        this.exclusive(app, async () => {
          const state = this.apps.get(app);
          if (!state) return;
          await this.stopAll(app, state);
          await state.log.close();
          this.apps.delete(app);
        }),
      ),
    );
  }

  private async converge(
    app: string,
    state: AppState,
    desired: AppDesiredState,
  ): Promise<RuntimeApplyResult> {
    if (!desired.release) {
      if (!state.release && state.instances.length === 0)
        return { status: 'unchanged' };
      this.retire(app, state, state.instances);
      state.instances = [];
      state.release = undefined;
      return { status: 'ready' };
    }
    const plan = await this.plan(desired.release);
    if ('problem' in plan) {
      return {
        status: 'failed',
        reason: plan.problem,
        upstream: upstreamOf(state),
      };
    }
    const replicas = Object.keys(plan.procfile)
      .sort(compareText)
      .map(type => ({
        type,
        count: Math.max(0, Math.floor(desired.structure[type] ?? 0)),
      }));
    const timeoutMs =
      (desired.settings.deployTimeout || this.settings.readyTimeout) * 1000;
    if (state.release && isDeepStrictEqual(state.release, plan)) {
      return this.scale(app, state, replicas, timeoutMs);
    }
    return this.rollout(app, state, plan, replicas, timeoutMs);
  }

  /** Zero-downtime replacement: start the new release, wait until ready, switch, drain the old one. */
  private async rollout(
    app: string,
    state: AppState,
    plan: ReleasePlan,
    replicas: { type: string; count: number }[],
    timeoutMs: number,
  ): Promise<RuntimeApplyResult> {
    const wanted = replicas.flatMap(({ type, count }) =>
      Array.from({ length: count }, (_, i) => ({ type, number: i + 1 })),
    );
    const outcome = await this.startReady(app, state, plan, wanted, timeoutMs);
    if ('problem' in outcome) {
      const serving = state.release
        ? `; v${state.release.version} keeps serving`
        : '';
      return {
        status: 'failed',
        reason: `v${plan.version} did not become ready: ${outcome.problem}${serving}`,
        upstream: upstreamOf(state),
      };
    }
    const old = state.instances;
    state.release = plan;
    state.instances = outcome.started;
    this.retire(app, state, old);
    return { status: 'ready', upstream: upstreamOf(state) };
  }

  /** Same release: start missing replicas (ready before they get traffic), stop extra ones, highest number first. */
  private async scale(
    app: string,
    state: AppState,
    replicas: { type: string; count: number }[],
    timeoutMs: number,
  ): Promise<RuntimeApplyResult> {
    const counts = new Map(replicas.map(r => [r.type, r.count]));
    const extra = state.instances.filter(
      i => i.spec.number > (counts.get(i.spec.type) ?? 0),
    );
    const missing = replicas.flatMap(({ type, count }) => {
      const taken = new Set(
        state.instances
          .filter(i => i.spec.type === type)
          .map(i => i.spec.number),
      );
      return Array.from({ length: count }, (_, i) => i + 1)
        .filter(number => !taken.has(number))
        .map(number => ({ type, number }));
    });
    if (extra.length === 0 && missing.length === 0) {
      return { status: 'unchanged', upstream: upstreamOf(state) };
    }
    state.instances = state.instances.filter(i => !extra.includes(i));
    this.retire(
      app,
      state,
      extra.sort((a, b) => b.spec.number - a.spec.number),
    );
    const outcome = await this.startReady(
      app,
      state,
      state.release!,
      missing,
      timeoutMs,
    );
    if ('problem' in outcome) {
      return {
        status: 'failed',
        reason: `Scaling up failed: ${outcome.problem}`,
        upstream: upstreamOf(state),
      };
    }
    state.instances = [...state.instances, ...outcome.started].sort(
      byTypeAndNumber,
    );
    return { status: 'ready', upstream: upstreamOf(state) };
  }

  /**
   * Starts the processes and waits until all are up. When one is not up in time
   * (or cannot be started), all of them are stopped again and the reason returned.
   */
  private async startReady(
    app: string,
    state: AppState,
    plan: ReleasePlan,
    wanted: { type: string; number: number }[],
    timeoutMs: number,
  ): Promise<{ started: ProcessInstance[] } | { problem: string }> {
    const started: ProcessInstance[] = [];
    let problem: string | undefined;
    try {
      for (const { type, number } of wanted) {
        if (state.deleting) throw new Error(`${app} is being deleted`);
        started.push(await this.startInstance(app, state, plan, type, number));
      }
      await Promise.all(started.map(i => i.waitUntilUp(timeoutMs)));
    } catch (error) {
      problem = (error as Error).message;
    }
    for (const instance of started) state.pending.delete(instance);
    if (problem !== undefined) {
      await this.stopNow(app, state, started);
      return { problem };
    }
    return { started };
  }

  private async plan(
    release: NonNullable<AppDesiredState['release']>,
  ): Promise<ReleasePlan | { problem: string }> {
    const slug = await slugDirectory(
      this.settings.dataDir,
      release.build.image,
    );
    if ('problem' in slug) return slug;
    const procfile = release.build.procfile ?? {};
    if (Object.keys(procfile).length === 0) {
      return {
        problem: `v${release.version} has no process types (empty Procfile)`,
      };
    }
    const limits = release.config.limits ?? {};
    if (Object.keys(limits).length > 0 && this.sandbox.limitsProblem) {
      return {
        problem: `v${release.version} sets limits (${Object.keys(limits)
          .sort(compareText)
          .join(', ')}), which this backend cannot apply: ${
          this.sandbox.limitsProblem
        }`,
      };
    }
    return {
      version: release.version,
      image: release.build.image,
      dir: slug.dir,
      procfile,
      values: release.config.values ?? {},
      healthchecks: release.config.healthchecks ?? {},
      limits,
    };
  }

  private async startInstance(
    app: string,
    state: AppState,
    plan: ReleasePlan,
    type: string,
    number: number,
  ): Promise<ProcessInstance> {
    await this.createApp(app);
    const dirs = this.processDirs(app, plan);
    const port = await this.ports.allocate();
    const healthcheck = plan.healthchecks[type] ?? {};
    this.warnUnsandboxed(state, `${type}.${number}`);
    const instance = new ProcessInstance(
      {
        app,
        type,
        number,
        release: plan.version,
        limits: plan.limits[type],
        command: plan.procfile[type],
        dirs,
        env: processEnvironment(this.sandbox.paths(dirs), plan.values, {
          PORT: String(port),
          PS: `${type}.${number}`,
          SLIPWAY_RELEASE: `v${plan.version}`,
        }),
        port,
        // Without a readiness check, web is ready when its port accepts connections.
        readiness:
          healthcheck.readiness ??
          (type === 'web' ? { type: 'tcp' } : undefined),
        liveness: healthcheck.liveness,
      },
      state.log,
      this.settings,
      this.sandbox,
      () => this.writeRecord(app),
      () => this.processChanged(app),
    );
    state.pending.add(instance);
    instance.start();
    return instance;
  }

  /**
   * What a process of `app` works with: the release's slug, read-only, and the app's own
   * directories. In the sandbox HOME is the process's own size-capped tmpfs (ephemeral, as on
   * Heroku): no process fills the disk through it, and no host path shows in its mounts.
   */
  private processDirs(app: string, plan: ReleasePlan): SandboxDirs {
    const dirs = appDirectories(this.settings.dataDir, app);
    return {
      app: plan.dir,
      appWritable: false,
      home: dirs.home,
      privateHome: true,
      tmp: dirs.tmp,
    };
  }

  /** Without a sandbox, every start says so: in the backend's log and in the app's. */
  private warnUnsandboxed(state: AppState, name: string) {
    if (this.sandbox.kind !== 'none') return;
    const warning = `WARNING: ${name} runs without a sandbox: ${this.sandbox.weakness}`;
    this.logger.warn(warning);
    state.log.append(name, warning, { kind: 'platform' });
  }

  /** Replaced instances keep serving for `drainSeconds` (the router switches meanwhile), then stop in the background. */
  private retire(app: string, state: AppState, instances: ProcessInstance[]) {
    if (instances.length === 0) return;
    for (const instance of instances) {
      instance.retiring = true;
      state.draining.add(instance);
    }
    const timer = setTimeout(() => {
      state.drainTimers.delete(timer);
      void this.stopNow(app, state, instances);
    }, this.settings.drainSeconds * 1000);
    state.drainTimers.add(timer);
  }

  private async stopNow(
    app: string,
    state: AppState,
    instances: ProcessInstance[],
  ) {
    await Promise.all(
      instances.map(async instance => {
        await instance.stop(this.settings.stopTimeout * 1000);
        state.pending.delete(instance);
        state.draining.delete(instance);
        this.ports.release(instance.spec.port);
      }),
    );
    this.writeRecord(app);
    // Stopped processes leave the list: pages show them gone at once, not at their next poll.
    if (instances.length > 0) this.processChanged(app);
  }

  private async stopAll(app: string, state: AppState) {
    for (const timer of state.drainTimers) clearTimeout(timer);
    state.drainTimers.clear();
    const all = [...state.instances, ...state.pending, ...state.draining];
    state.instances = [];
    state.release = undefined;
    await this.stopNow(app, state, all);
  }

  /** Once per app and backend run: stop processes a crashed backend left running. */
  private async stopLeftovers(app: string, state: AppState): Promise<string[]> {
    if (state.leftoversChecked) return [];
    state.leftoversChecked = true;
    const file = recordFile(this.settings.dataDir, app);
    const stopped = await stopLeftovers(
      readRecord(file),
      this.settings.stopTimeout * 1000,
    );
    this.writeRecord(app);
    if (stopped.length === 0) return [];
    this.logger.info(
      `Stopped ${stopped.length} leftover process(es) of app ${app}`,
    );
    return [
      `stopped ${
        stopped.length
      } process(es) left running by a previous backend run (${stopped.join(
        ', ',
      )})`,
    ];
  }

  private writeRecord(app: string) {
    const state = this.apps.get(app);
    const all = state
      ? [...state.instances, ...state.pending, ...state.draining]
      : [];
    try {
      writeRecord(
        recordFile(this.settings.dataDir, app),
        all.flatMap(instance => instance.record() ?? []),
      );
    } catch (error) {
      this.logger.warn(
        `Could not record the processes of app ${app}: ${error}`,
      );
    }
  }

  onLogLine(
    listener: (app: string, line: CapturedLogLine) => void,
  ): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /** A listener that throws loses its line, never the process's output. */
  private tellLogLine(app: string, line: CapturedLogLine) {
    for (const listener of this.logListeners) {
      try {
        listener(app, line);
      } catch (error) {
        this.logger.warn(`Log line listener failed for app ${app}: ${error}`);
      }
    }
  }

  /** Tells listeners at once (not awaited: they may call back into this runtime). */
  private announce(app: string, state: AppState) {
    const upstream = upstreamOf(state);
    for (const listener of this.listeners) {
      const warn = (error: unknown) =>
        this.logger.warn(`Upstream listener failed for app ${app}: ${error}`);
      try {
        Promise.resolve(listener(app, upstream)).catch(warn);
      } catch (error) {
        warn(error);
      }
    }
  }

  private state(app: string): AppState {
    let state = this.apps.get(app);
    if (!state) {
      state = {
        instances: [],
        pending: new Set(),
        draining: new Set(),
        drainTimers: new Set(),
        log: new AppLog(
          appDirectories(this.settings.dataDir, app).logs,
          this.settings.logLines,
          this.settings.logFileBytes,
          line => this.tellLogLine(app, line),
        ),
        leftoversChecked: false,
        oneOffs: 0,
      };
      this.apps.set(app, state);
    }
    return state;
  }

  /** Runs `fn` after every earlier call for the same app has finished. */
  private exclusive<T>(app: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(app) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    this.locks.set(
      app,
      next.catch(() => undefined),
    );
    return next;
  }
}

function upstreamOf(state: AppState): RouteUpstream | undefined {
  const web = state.instances.filter(i => i.spec.type === 'web');
  return web.length > 0
    ? { addresses: web.map(i => `127.0.0.1:${i.spec.port}`) }
    : undefined;
}

/** App names become paths; anything but a valid name is refused before touching the disk. */
function checkedName(app: string): string {
  const problem = appNameProblem(app);
  if (problem) throw new InputError(problem);
  return app;
}

function byTypeAndNumber(a: ProcessInstance, b: ProcessInstance): number {
  return compareText(a.spec.type, b.spec.type) || a.spec.number - b.spec.number;
}

function processNumber(name: string): number {
  return Number(name.slice(name.lastIndexOf('.') + 1));
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
