import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { GroupUsage, LimitCeilings } from './limits';

/**
 * The directories a sandboxed process works with, as host paths. Under bubblewrap each appears at a
 * fixed place (`/app`, `/home/app`, `/cache`, a private `/tmp`) and nothing else of the host's
 * files but a read-only system; unsandboxed, the process sees them where they are.
 */
export type SandboxDirs = {
  /** The working directory: a slug (read-only) or a build directory (writable). */
  app: string;
  appWritable: boolean;
  /** `HOME`, writable. */
  home: string;
  /**
   * Under bubblewrap, HOME is a fresh tmpfs of the process's own (capped at the `homeSize` limit)
   * instead of `home`: app processes, runs and probes, whose files are ephemeral as on Heroku.
   */
  privateHome?: boolean;
  /** Temporary files when unsandboxed; bubblewrap gives each process a fresh private `/tmp` instead. */
  tmp: string;
  /** A writable cache (e.g. npm's), when the process needs one. */
  cache?: string;
};

/** Where the process finds each directory of `SandboxDirs`. */
export type SandboxPaths = {
  app: string;
  home: string;
  tmp: string;
  cache?: string;
};

export type SandboxedSpawn = {
  command: string;
  args: string[];
  dirs: SandboxDirs;
  /** The process's whole environment (nothing of the backend's is added). */
  env: Record<string, string>;
  stdio: StdioOptions;
  /** Kills the sandbox after this long (its processes die with it). */
  timeoutMs?: number;
  /** The app, for naming the sandbox's cgroups. */
  app?: string;
  /** The process type (`web`), for naming cgroups; none for one-off runs. */
  processType?: string;
  /** A build step: the build's (bigger) default limits apply. */
  build?: boolean;
  /** The release's limits of the process type (Kubernetes quantities); defaults apply otherwise. */
  limits?: { memory?: string; cpu?: string };
  /** The port the app listens on inside the sandbox: the host's 127.0.0.1:<port> reaches it. */
  port?: number;
  /** Host loopback ports it may reach besides the router's (an exec probe: its process's port). */
  hostPorts?: number[];
};

/** How the local runtime and the local builder run pushed code. */
export interface Sandbox {
  /** `bubblewrap`, or `none` when this machine cannot sandbox (a loud warning was logged). */
  readonly kind: 'bubblewrap' | 'none';
  /** What the sandbox does not isolate, for warnings; undefined when it isolates. */
  readonly weakness?: string;
  /** Why memory, CPU and process limits cannot be applied here; undefined when they are. */
  readonly limitsProblem?: string;
  /** The most memory and CPU a release may ask for a process, where limits are applied. */
  readonly ceilings?: Pick<LimitCeilings, 'maxMemoryBytes' | 'maxCpuCores'>;
  /** What each sandbox's cgroup uses now, where limits are applied (for the process metrics). */
  readonly usage?: () => GroupUsage[];
  paths(dirs: SandboxDirs): SandboxPaths;
  /**
   * Starts the command in its own process group (`detached`): signalling `-pid` reaches
   * everything it started, and with bubblewrap everything dies with the sandbox.
   */
  spawn(spec: SandboxedSpawn): ChildProcess;
  /**
   * Whether the sandbox spawned as `pid` listens on TCP `port`, where it has a network namespace
   * of its own (a forwarded port accepts whether or not the app listens); undefined where it
   * shares the host's network (connecting tells).
   */
  listening?(pid: number, port: number): boolean | undefined;
  /**
   * Runs a tcp or http health check (127.0.0.1:<port>, GET <path>) from inside the network
   * namespace of the sandbox spawned as `pid`: it reaches the app's own sockets only, never a host
   * service. Undefined where the sandbox shares the host's network (then the check connects from
   * the host, which reaches nothing the process could not reach itself).
   */
  checkInside?(
    pid: number,
    check: { port: number; path?: string },
    timeoutMs: number,
    /** Abandons the check: its client is killed. */
    cancel?: AbortSignal,
  ): Promise<boolean> | undefined;
  /** Asks the processes of a sandbox to stop (SIGTERM) without tearing the sandbox down first. */
  terminate(pid: number): void;
  /** Why a spawned sandbox ended, when the platform knows more than its exit status (e.g. out of memory). */
  exitNote(child: ChildProcess): string | undefined;
  /** Makes a directory the sandboxed user may write (before a build step or process uses it). */
  grantWritable(dir: string, recursive?: boolean): Promise<void>;
  /** Gives what the sandboxed user wrote back to the backend's user (before a slug is stored). */
  reclaim(dir: string): Promise<void>;
}
