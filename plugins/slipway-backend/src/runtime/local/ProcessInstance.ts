import type { ChildProcess } from 'node:child_process';
import type {
  Probe,
  Process,
  ProcessState,
} from '@slipway/plugin-slipway-common';
import { signalGroup, type Sandbox, type SandboxDirs } from '../../sandbox';
import { lineSplitter, type AppLog } from './AppLog';
import type { LocalRuntimeSettings } from './config';
import { processStartTime } from './processGroups';
import { probeOnce, type ProbeTarget } from './probes';
import { slugShellArgs } from './slug';

export type InstanceSpec = {
  app: string;
  type: string;
  number: number;
  release: number;
  command: string;
  /** The slug (read-only), the app's home and temporary directory. */
  dirs: SandboxDirs;
  env: Record<string, string>;
  port: number;
  /** The release's memory and CPU limits of the type (defaults apply otherwise). */
  limits?: { memory?: string; cpu?: string };
  /** Decides when the process counts as up; undefined = as soon as it runs. */
  readiness?: Probe;
  liveness?: Probe;
};

/** How often a starting process's port is looked for (a read of /proc, or a connect to its own port). */
const POLL_MS = 25;

/**
 * How long after a failed readiness check the next one runs: `periodSeconds`, at least 1 s (an
 * exec check starts a whole sandbox; an http check is a request to the app), 1 s by default. The
 * platform's default check of web (tcp to its own port, without a period) is cheap and retried
 * at once, so a deploy sees its process up as soon as it listens.
 */
export function readinessPeriodMs(probe: Probe, ownPort: number): number {
  if (
    probe.periodSeconds === undefined &&
    probe.type === 'tcp' &&
    (probe.port ?? ownPort) === ownPort
  ) {
    return POLL_MS;
  }
  return Math.max(1, probe.periodSeconds ?? 1) * 1000;
}

/** A crash message without its "; restarting in 4s" (for when no restart follows). */
function withoutRestart(message: string): string {
  return message.replace(/; restarting in [\d.]+s$/, '');
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * One supervised process (`web.1` of release v3): `/bin/sh -c <command>` in the sandbox, in its
 * own process group, output into the app log, restarted with exponential backoff when it
 * exits on its own, and `up` once its readiness check passes.
 */
export class ProcessInstance {
  state: ProcessState = 'starting';
  restarts = 0;
  startedAt?: Date;
  message?: string;
  /** Set when the instance was replaced and is draining; it shows as `stopping`. */
  retiring = false;
  private child?: ChildProcess;
  private crashesInARow = 0;
  private stopRequested = false;
  private backoff?: NodeJS.Timeout;
  private liveness?: NodeJS.Timeout;
  /** Aborted when this run of the process ends or is stopped: its checks in flight are killed. */
  private checks = new AbortController();
  private exited: Promise<void> = Promise.resolve();
  private readonly readyWaiters = new Set<() => void>();

  constructor(
    readonly spec: InstanceSpec,
    private readonly log: AppLog,
    private readonly settings: LocalRuntimeSettings,
    private readonly sandbox: Sandbox,
    private readonly onPidChange: () => void,
    /** Told when `state` changes (started, up, crashed, stopped). */
    private readonly onStateChange: () => void = () => {},
  ) {}

  get name(): string {
    return `${this.spec.type}.${this.spec.number}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether a rollout should stop waiting: crashed `crashLoopCrashes` times in a row. */
  get crashLooping(): boolean {
    return this.crashesInARow >= this.settings.crashLoopCrashes;
  }

  /** A line of the runtime's own about this process (started, exited, killed). */
  private say(text: string): void {
    this.log.append(this.name, text, {
      kind: 'platform',
      release: this.spec.release,
    });
  }

  start(): void {
    const { command, dirs, env } = this.spec;
    this.state = 'starting';
    this.startedAt = new Date();
    this.say(
      `Starting process with command \`${command}\` (release v${this.spec.release})`,
    );
    const child = this.sandbox.spawn({
      command: '/bin/sh',
      args: slugShellArgs(command),
      dirs,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...this.sandboxOf(),
      port: this.spec.port,
    });
    this.child = child;
    this.checks = new AbortController();
    const checks = this.checks.signal;
    for (const stream of [child.stdout, child.stderr]) {
      const lines = lineSplitter(line =>
        this.log.append(this.name, line, { release: this.spec.release }),
      );
      stream?.on('data', chunk => lines.push(chunk));
      stream?.on('end', () => lines.flush());
    }
    let resolveExit!: () => void;
    this.exited = new Promise(resolve => {
      resolveExit = resolve;
    });
    let ended = false;
    const onEnd = (
      code: number | null,
      signal: NodeJS.Signals | null,
      error?: Error,
    ) => {
      if (ended) return;
      ended = true;
      // A crashed shell's leftovers go with it; a stop lets them end gracefully instead.
      if (child.pid && !this.stopRequested) signalGroup(child.pid, 'SIGKILL');
      this.onExit(child, code, signal, error);
      resolveExit();
    };
    child.once('exit', (code, signal) => onEnd(code, signal));
    child.once('error', error => onEnd(null, null, error));
    this.onPidChange();
    this.onStateChange();
    this.watchReadiness(child, checks);
  }

  /** Resolves when the instance is up; rejects with a reason after `timeoutMs` or a crash loop. */
  waitUntilUp(timeoutMs: number): Promise<void> {
    let settle: (reason?: string) => void = () => {};
    const check = () => {
      if (this.state === 'up') settle();
      else if (this.stopRequested) settle(`${this.name} was stopped`);
      else if (this.crashLooping) {
        // The rollout gives up on it: the reason must not promise a restart.
        settle(
          `${this.name} keeps crashing: ${withoutRestart(
            this.message ?? 'exited',
          )}`,
        );
      }
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = this.message ? ` (${this.message})` : '';
        settle(
          `${this.name} did not become ready within ${Math.round(
            timeoutMs / 1000,
          )}s${last}`,
        );
      }, timeoutMs);
      settle = reason => {
        clearTimeout(timer);
        this.readyWaiters.delete(check);
        if (reason) reject(new Error(reason));
        else resolve();
      };
      this.readyWaiters.add(check);
      check();
    });
  }

  /**
   * SIGTERM to the group, SIGKILL after `graceMs`; no restart afterwards. Resolves once
   * every process of the group is gone (the shell may exit before the app does).
   */
  async stop(graceMs: number): Promise<void> {
    this.stopRequested = true;
    // A crashed process waiting for its restart gets none now; its message must not promise one.
    if (this.backoff && this.message) {
      this.message = `${withoutRestart(this.message)}; stopped`;
    }
    clearTimeout(this.backoff);
    clearTimeout(this.liveness);
    this.checks.abort();
    this.notifyWaiters();
    const group = this.child?.pid;
    if (!group) {
      this.state = 'down';
      return;
    }
    this.state = 'stopping';
    this.sandbox.terminate(group);
    const deadline = Date.now() + graceMs;
    while (signalGroup(group, 0) && Date.now() < deadline) await sleep(25);
    if (signalGroup(group, 'SIGKILL')) {
      this.say(`Stopped with SIGKILL after ${graceMs / 1000}s`);
      const killDeadline = Date.now() + 5000;
      while (signalGroup(group, 0) && Date.now() < killDeadline)
        await sleep(25);
    }
    await this.exited;
  }

  /** The API's view of the instance. */
  describe(): Process {
    return {
      name: this.name,
      type: this.spec.type,
      release: this.spec.release,
      state: this.retiring && this.state !== 'down' ? 'stopping' : this.state,
      restarts: this.restarts,
      startedAt: this.startedAt?.toISOString(),
      ...(this.message ? { message: this.message } : {}),
    };
  }

  /** What the pid record needs. */
  record() {
    const pid = this.child?.pid;
    return pid
      ? { name: this.name, pid, startTime: processStartTime(pid) }
      : undefined;
  }

  private onExit(
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    error?: Error,
  ) {
    if (this.child === child) {
      this.child = undefined;
      clearTimeout(this.liveness);
      this.checks.abort();
    }
    this.onPidChange();
    const note = this.sandbox.exitNote(child);
    const how = `${
      error
        ? `could not start: ${error.message}`
        : `exited with ${signal ? `signal ${signal}` : `code ${code}`}`
    }${note ? ` (${note})` : ''}`;
    if (this.stopRequested) {
      this.state = 'down';
      this.say(`Process ${how}`);
      this.onStateChange();
      return;
    }
    const lived = Date.now() - (this.startedAt?.getTime() ?? 0);
    this.crashesInARow =
      lived >= this.settings.stableSeconds * 1000 ? 1 : this.crashesInARow + 1;
    const delay = Math.min(
      this.settings.restartDelay * 2 ** (this.crashesInARow - 1),
      this.settings.maxRestartDelay,
    );
    this.state = 'crashed';
    this.message = `Process ${how}${
      this.crashesInARow > 1 ? ` (${this.crashesInARow} times in a row)` : ''
    }; restarting in ${delay}s`;
    this.say(this.message);
    this.notifyWaiters();
    this.backoff = setTimeout(() => {
      if (this.stopRequested) return;
      this.restarts++;
      this.start();
    }, delay * 1000);
  }

  /** Polls the readiness check of this run of the process until it passes, then watches liveness. */
  private watchReadiness(child: ChildProcess, checks: AbortSignal) {
    const { readiness } = this.spec;
    const target = this.probeTarget();
    const period = readiness ? readinessPeriodMs(readiness, this.spec.port) : 0;
    const port = readiness?.port ?? this.spec.port;
    const poll = async () => {
      while (this.child === child && !this.stopRequested) {
        // Nothing listens on the check's port in the process's namespace yet: no check runs.
        if (
          readiness &&
          readiness.type !== 'exec' &&
          target.listening?.(port) === false
        ) {
          await sleep(POLL_MS);
          continue;
        }
        if (!readiness || (await probeOnce(readiness, target, checks))) {
          if (this.child !== child || this.stopRequested) return;
          this.state = 'up';
          if (this.crashesInARow < this.settings.crashLoopCrashes)
            this.message = undefined;
          this.notifyWaiters();
          this.watchLiveness(child, checks);
          return;
        }
        await sleep(period);
      }
    };
    const delay = (readiness?.initialDelaySeconds ?? 0) * 1000;
    setTimeout(() => void poll(), delay);
  }

  /**
   * A liveness probe failing `failureThreshold` times in a row restarts the process. One check at
   * a time: the next starts `periodSeconds` after the previous one ended (a check that hangs until
   * its timeout never piles up sandboxes or clients).
   */
  private watchLiveness(child: ChildProcess, checks: AbortSignal) {
    const probe = this.spec.liveness;
    if (!probe) return;
    const target = this.probeTarget();
    // At least 1 s apart (an exec check starts a whole sandbox), as the API allows.
    const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
    let failures = 0;
    const current = () => this.child === child && !checks.aborted;
    const check = async () => {
      if (!current()) return;
      const ok = await probeOnce(probe, target, checks);
      if (!current()) return;
      if (ok) {
        failures = 0;
      } else if (++failures >= (probe.failureThreshold ?? 3)) {
        this.say('Liveness check failed; restarting the process');
        signalGroup(child.pid!, 'SIGKILL');
        return;
      }
      this.liveness = setTimeout(() => void check(), period);
    };
    this.liveness = setTimeout(() => void check(), period);
  }

  /** What checks reach: exec checks run the app's command in a sandbox, like the process itself. */
  private probeTarget(): ProbeTarget {
    return {
      port: this.spec.port,
      listening: port =>
        this.child?.pid
          ? this.sandbox.listening?.(this.child.pid, port)
          : undefined,
      // tcp and http checks connect inside the process's own network namespace, where it has one;
      // a process not running fails them (never a connection from the host in its place).
      checkInside: (check, timeoutMs, cancel) =>
        this.child?.pid
          ? this.sandbox.checkInside?.(this.child.pid, check, timeoutMs, cancel)
          : Promise.resolve(false),
      run: (command, timeoutMs) =>
        this.sandbox.spawn({
          command: command[0],
          args: command.slice(1),
          dirs: this.spec.dirs,
          env: this.spec.env,
          stdio: 'ignore',
          timeoutMs,
          ...this.sandboxOf(),
          // Its own network namespace, which reaches the process at 127.0.0.1:$PORT as before (the
          // port is not forwarded into it: the process's own sandbox has it).
          hostPorts: [this.spec.port],
        }),
    };
  }

  /** What the sandbox needs to know of the process and its checks: cgroup names and limits. */
  private sandboxOf() {
    return {
      app: this.spec.app,
      processType: this.spec.type,
      ...(this.spec.limits ? { limits: this.spec.limits } : {}),
    };
  }

  private notifyWaiters() {
    for (const check of [...this.readyWaiters]) check();
    this.onStateChange();
  }
}
