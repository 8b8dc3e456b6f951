import type {
  AppSettings,
  Build,
  Config,
  LogLine,
  Process,
  ProcessStructure,
  RunResult,
} from '@slipway/plugin-slipway-common';

/**
 * What an app should look like, computed by the reconciler from the ledger.
 * Same ledger state → same (deep-equal) desired state, with keys sorted.
 */
export type AppDesiredState = {
  app: string;
  owner: string;
  cluster: string;
  /** The release to run; absent while the app has no build (v1). */
  release?: {
    version: number;
    build: Build;
    /** Decrypted config of the release. */
    config: Config;
  };
  /** The release that ran before (for failed-rollout recovery). */
  previousRelease?: AppDesiredState['release'];
  structure: ProcessStructure;
  settings: AppSettings;
};

/** What a runtime reports after applying desired state. */
export type RuntimeApplyResult = {
  /** `ready`: the release serves; `failed`: the rollout did not become ready (and the runtime restored the previous one). */
  status: 'ready' | 'failed' | 'unchanged';
  /** Why the rollout failed. */
  reason?: string;
  /** Where the router sends traffic for the app's `web` process (host:port, a Service DNS name, ...). Absent when there is no web process. */
  upstream?: RouteUpstream;
  /** Human-readable differences found between actual and desired state (drift), for the event log. */
  drift?: string[];
};

export type RouteUpstream = {
  /** e.g. `127.0.0.1:41234` for local processes, or a Kubernetes Service reference. */
  addresses: string[];
  /** For Kubernetes routers: the Service name and port. */
  service?: { namespace: string; name: string; port: number };
};

export type LogOptions = {
  lines?: number;
  type?: string;
  follow?: boolean;
  /** The log of each process's previous run (a crashed or OOM-killed container), where the runtime keeps one. */
  previous?: boolean;
  signal?: AbortSignal;
};

/**
 * A line a runtime captured, for the platform to retain: a process's output (`app`) or what the
 * runtime itself says about a process (`platform`: started, exited with code or signal, killed).
 */
export type CapturedLogLine = LogLine & {
  kind: 'app' | 'platform';
  /** The release the process runs. */
  release?: number;
};

/** How a caller follows a one-off command while it runs. */
export type RunOptions = {
  /**
   * Each line of output as it is printed (without its newline), for streaming it to the user.
   * Runtimes that cannot follow a command's output (Kubernetes: read once the pod ended) call it
   * for every line at the end, or not at all; the result's `output` always has everything.
   */
  onLine?: (line: string) => void;
  /**
   * The command is this release's release phase (not a one-off run), so that
   * `stopReleasePhase` can find it if the backend instance running it dies.
   */
  releasePhase?: boolean;
};

/**
 * Runs releases. Implementations: `local` (processes on this machine) and `kubernetes`.
 * Every method must be idempotent: applying the same desired state twice changes nothing the second time.
 */
export interface Runtime {
  /** Creates what an app needs before its first release (namespace, directories). */
  createApp(app: string, cluster: string): Promise<void>;
  /** Makes the app's actual state match `desired`: release, structure, settings. */
  apply(desired: AppDesiredState): Promise<RuntimeApplyResult>;
  processes(app: string, cluster: string): Promise<Process[]>;
  /** Restarts all processes, those of one type, or one process by name. */
  restart(
    app: string,
    cluster: string,
    target: { type?: string; name?: string },
  ): Promise<void>;
  /** Runs a one-off command with the current release's image/slug and config. */
  run(
    desired: AppDesiredState,
    command: string,
    options?: RunOptions,
  ): Promise<RunResult>;
  /** Log lines, oldest first; with `follow`, keeps yielding until `signal` aborts. */
  logs(
    app: string,
    cluster: string,
    options: LogOptions,
  ): AsyncIterable<LogLine>;
  /**
   * Lets the platform retain every line as it is captured (a process's output and the runtime's
   * own lines about it). Optional: without it only what `logs` reads is seen. Returns an
   * unsubscribe function. Listeners must not block (they are called for every line).
   */
  onLogLine?(
    listener: (app: string, line: CapturedLogLine) => void,
  ): () => void;
  /**
   * `logs` reads only the current processes' lines (Kubernetes: the kubelet's log of each running
   * container), so the platform starts a log stream with the retained tail (a crashed container's
   * previous run, replaced pods). A runtime whose own tail outlives processes (the local runtime's
   * ring per app) leaves it unset.
   */
  readonly tailFromRetained?: boolean;
  /**
   * Stops release `version`'s release phase (started by `run` with `releasePhase`) wherever it
   * still runs, e.g. after the backend instance that started it died; resolves once it is stopped
   * (or was not running) and throws when that cannot be done now. Optional: a runtime whose
   * commands die with the backend that started them (the local runtime, a single instance)
   * leaves it unset.
   */
  stopReleasePhase?(
    app: string,
    cluster: string,
    version: number,
  ): Promise<void>;
  /** Removes everything the app owns on this runtime. */
  deleteApp(app: string, cluster: string): Promise<void>;
  /**
   * The app is being deleted: a rollout in flight gives up at once (its new processes stop) and
   * no new one starts, so the deletion does not wait for a deploy's timeout. Optional.
   */
  abandonRollout?(app: string, cluster: string): void;
  /**
   * Lets the reconciler follow web processes the runtime moves outside `apply` (e.g. a rolling
   * restart on new ports). Optional: runtimes with stable upstreams (a Service) need not offer it.
   * Returns an unsubscribe function.
   */
  onUpstreamChange?(
    listener: (app: string, upstream: RouteUpstream | undefined) => void,
  ): () => void;
  /**
   * Lets the platform follow process changes the runtime observes on its own (a process became
   * ready, crashed, restarted or stopped), so that an app's health and open pages follow at once.
   * Optional: without it they follow a periodic sweep. Returns an unsubscribe function.
   */
  onProcessChange?(listener: (app: string) => void): () => void;
  /** Releases what the runtime holds on backend shutdown (supervised processes, watches). Optional. */
  close?(): Promise<void>;
  /**
   * Why this runtime cannot apply a release's `limits` (e.g. the local runtime without writable
   * cgroups, or `limits` over the operator's ceilings), so that the config API refuses them;
   * undefined (or no method) when it can.
   */
  limitsProblem?(
    limits?: Record<string, { memory?: string; cpu?: string } | null>,
  ): string | undefined;
}
