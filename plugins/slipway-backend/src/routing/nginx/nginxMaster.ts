import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { once } from 'node:events';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The nginx master process: either one we start and supervise (`manage: true`, run with
 * `daemon off` as our child, restarted with backoff when it dies) or one the operator runs,
 * found through its pid file. Reloads are a SIGHUP to the master.
 */
export class NginxMaster {
  private child?: ChildProcess;
  private stopping = false;
  private crashes = 0;
  private restartTimer?: NodeJS.Timeout;
  private output = '';

  constructor(
    private readonly opts: {
      binary: string;
      manage: boolean;
      pidFile: string;
      /** The live config path (a symlink swap changes what it points at). */
      configFile: string;
      errorLog: string;
      logger: LoggerService;
    },
  ) {}

  /** The master's pid, or undefined when none runs. */
  async pid(): Promise<number | undefined> {
    if (
      this.child?.pid &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    ) {
      return this.child.pid;
    }
    const text = await fs.readFile(this.opts.pidFile, 'utf8').catch(() => '');
    const pid = Number(text.trim());
    if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return undefined;
    const cmdline = await fs
      .readFile(`/proc/${pid}/cmdline`, 'utf8')
      .catch(() => 'nginx');
    return cmdline.includes('nginx') ? pid : undefined;
  }

  /** Starts a master when we manage it and none runs; returns whether one was started. */
  async ensureRunning(): Promise<boolean> {
    if (!this.opts.manage || this.stopping || (await this.pid())) return false;
    // Nothing went live yet (or it was rolled back): nothing to start with.
    if (!(await fs.stat(this.opts.configFile).catch(() => undefined))) {
      return false;
    }
    await this.spawn();
    return true;
  }

  /** Soft reload: the master re-reads the config and replaces its workers gracefully. */
  async reload(): Promise<boolean> {
    const pid = await this.pid();
    if (!pid) return false;
    process.kill(pid, 'SIGHUP');
    return true;
  }

  /** What the master last wrote to stderr (why it died, typically). */
  lastOutput(): string {
    return this.output.trim();
  }

  /** Gracefully stops a master we manage (SIGQUIT lets in-flight requests finish). */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (!this.opts.manage) return;
    const pid = await this.pid();
    if (!pid) return;
    process.kill(pid, 'SIGQUIT');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(20);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    if (
      this.child &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    ) {
      await once(this.child, 'exit');
    }
  }

  private async spawn(): Promise<void> {
    const { binary, configFile, errorLog, logger } = this.opts;
    const child = spawn(
      binary,
      ['-e', errorLog, '-c', configFile, '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    this.child = child;
    this.output = '';
    child.stderr?.on('data', chunk => {
      this.output = (this.output + String(chunk)).slice(-4000);
    });
    const startedAt = Date.now();
    child.on('exit', (code, signal) => {
      if (this.stopping || this.child !== child) return;
      if (Date.now() - startedAt > 60_000) this.crashes = 0;
      const delay = Math.min(30_000, 1000 * 2 ** this.crashes++);
      logger.warn(
        `nginx exited (${signal ?? code}): ${this.lastOutput().slice(
          -300,
        )}; restarting in ${delay}ms`,
      );
      this.restartTimer = setTimeout(() => {
        this.ensureRunning().catch(e =>
          logger.error(`nginx did not restart: ${e}`),
        );
      }, delay);
      this.restartTimer.unref();
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    logger.info(`started nginx master (pid ${child.pid}) with ${configFile}`);
  }
}

/**
 * The worker processes of a master (children by /proc; empty where there is no /proc).
 * Used to confirm a reload: old workers keep accepting connections until they notice the
 * master's shutdown order, so a new config is only fully live once they all say so.
 */
export async function workerPids(master: number): Promise<number[]> {
  const children = await fs
    .readFile(`/proc/${master}/task/${master}/children`, 'utf8')
    .catch(() => undefined);
  if (children !== undefined)
    return children.split(' ').filter(Boolean).map(Number);
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  const pids: number[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await fs
      .readFile(`/proc/${name}/stat`, 'utf8')
      .catch(() => '');
    // Fields after the parenthesised command: state, ppid, ...
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === master) pids.push(Number(name));
  }
  return pids;
}

/** Whether none of these workers accepts new connections any more (exited or shutting down). */
export async function workersRetired(pids: number[]): Promise<boolean> {
  for (const pid of pids) {
    const cmdline = await fs
      .readFile(`/proc/${pid}/cmdline`, 'utf8')
      .catch(() => undefined);
    if (
      cmdline !== undefined &&
      cmdline !== '' &&
      !cmdline.includes('shutting down')
    ) {
      return false;
    }
  }
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
