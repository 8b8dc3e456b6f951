import fs from 'node:fs';
import path from 'node:path';
import { readGroupUsage, type GroupUsage } from './usage';

/** What one sandbox may use; undefined = no limit of that kind. */
export type CgroupLimits = {
  memoryBytes: number;
  pids: number;
  cpuCores?: number;
};

/** The cgroups of one sandbox, created by `Cgroups.create`. */
export type Cgroup = {
  /** Moves a process (and so everything it starts from now on) into the group. */
  add(pid: number): void;
  /** Whether the kernel killed a process of the group for memory. */
  oomKilled(): boolean;
  /** Removes the group once its processes are gone (kills what is left after a while). Never throws. */
  remove(): Promise<void>;
};

/** Every group Slipway creates lives below this one, in each hierarchy. */
const PARENT = 'slipway';
const V1_CONTROLLERS = ['memory', 'pids', 'cpu'] as const;
/**
 * v1 only: CPU time is counted by `cpuacct`, a controller of its own on hosts that mount it apart
 * from `cpu`. Groups are made there too (no limits, only the count the metrics read); where it
 * is mounted together with `cpu`, the `cpu` group already counts.
 */
const V1_ACCOUNTING = 'cpuacct';
const CPU_PERIOD_US = 100_000;

const write = (file: string, value: string | number) =>
  fs.writeFileSync(file, String(value));

/**
 * Memory, process and CPU limits through the kernel's cgroups: v2 (one unified hierarchy at
 * /sys/fs/cgroup) where the host has it, else v1 (one hierarchy per controller,
 * /sys/fs/cgroup/{memory,pids,cpu}). Needs a backend that may create groups there (root);
 * otherwise `problem` says why, and limits cannot be applied.
 */
export class Cgroups {
  readonly version?: 1 | 2;
  readonly problem?: string;
  /** v1: the separately mounted cpuacct hierarchy, when there is one. */
  private readonly accounting?: string;

  constructor(readonly root = '/sys/fs/cgroup') {
    try {
      if (fs.existsSync(path.join(root, 'cgroup.controllers'))) {
        this.version = 2;
        this.prepareV2();
      } else if (
        V1_CONTROLLERS.every(c => fs.existsSync(path.join(root, c, 'tasks')))
      ) {
        this.version = 1;
        for (const controller of V1_CONTROLLERS) {
          fs.mkdirSync(path.join(root, controller, PARENT), {
            recursive: true,
          });
          fs.accessSync(
            path.join(root, controller, PARENT, 'cgroup.procs'),
            fs.constants.W_OK,
          );
        }
        this.accounting = separateAccounting(root);
        if (this.accounting)
          fs.mkdirSync(path.join(this.accounting, PARENT), { recursive: true });
      } else {
        this.problem = `no cgroup v2 hierarchy nor the v1 controllers ${V1_CONTROLLERS.join(
          ', ',
        )} are mounted at ${root}`;
      }
    } catch (error) {
      this.version = undefined;
      this.problem = `cgroups at ${root} cannot be written (${
        (error as NodeJS.ErrnoException).code ?? (error as Error).message
      }${
        process.getuid?.() === 0 ? '' : '; the backend does not run as root'
      })`;
    }
    if (!this.problem) this.removeLeftovers();
  }

  /** Creates the groups of one sandbox, named `name` below `slipway/`, with `limits`. */
  create(name: string, limits: CgroupLimits): Cgroup {
    if (this.problem) throw new Error(this.problem);
    const safe = name.replace(/[^A-Za-z0-9_.-]/g, '_');
    return this.version === 2
      ? this.createV2(path.join(this.root, PARENT, safe), limits)
      : this.createV1(safe, limits);
  }

  /**
   * Bounds all sandboxes together: the parent `slipway` group's memory (with swap, where the kernel
   * accounts it) and processes. A group's limit holds for everything below it, so no set of apps,
   * whatever their own limits, takes the host's memory or PIDs from the backend and the database.
   */
  limitTotal(total: { memoryBytes: number; pids: number }): void {
    if (this.problem) throw new Error(this.problem);
    if (this.version === 2) {
      const parent = path.join(this.root, PARENT);
      write(path.join(parent, 'memory.max'), total.memoryBytes);
      write(path.join(parent, 'pids.max'), total.pids);
      return;
    }
    const memory = path.join(this.root, 'memory', PARENT);
    // The kernel wants memory <= memory+swap at every step: raised, the second must move first.
    const memsw = path.join(memory, 'memory.memsw.limit_in_bytes');
    const hasSwap = fs.existsSync(memsw);
    if (hasSwap) {
      try {
        write(memsw, total.memoryBytes);
      } catch {
        // lowered: the memory limit must go first
      }
    }
    write(path.join(memory, 'memory.limit_in_bytes'), total.memoryBytes);
    if (hasSwap) write(memsw, total.memoryBytes);
    write(path.join(this.root, 'pids', PARENT, 'pids.max'), total.pids);
  }

  /** The parent group's files that `limitTotal` writes, as the kernel reads them back. */
  totals(): { memoryBytes: number; pids: string } {
    const read = (file: string) => readText(file).trim();
    const parent = (controller: string) =>
      this.version === 2
        ? path.join(this.root, PARENT)
        : path.join(this.root, controller, PARENT);
    return {
      memoryBytes: Number(
        read(
          path.join(
            parent('memory'),
            this.version === 2 ? 'memory.max' : 'memory.limit_in_bytes',
          ),
        ),
      ),
      pids: read(path.join(parent('pids'), 'pids.max')),
    };
  }

  /** What each sandbox's group uses now (empty where cgroups cannot be used). */
  usage(): GroupUsage[] {
    if (this.problem || !this.version) return [];
    return readGroupUsage(this.root, this.version, PARENT);
  }

  private prepareV2() {
    const parent = path.join(this.root, PARENT);
    fs.mkdirSync(parent, { recursive: true });
    const wanted = ['memory', 'pids', 'cpu'];
    const available = fs
      .readFileSync(path.join(this.root, 'cgroup.controllers'), 'utf8')
      .split(/\s+/);
    const missing = wanted.filter(c => !available.includes(c));
    if (missing.length > 0) {
      throw new Error(`controllers ${missing.join(', ')} are not available`);
    }
    // A group's controllers must be enabled in its parent (and the parent's parent).
    const enable = wanted.map(c => `+${c}`).join(' ');
    write(path.join(this.root, 'cgroup.subtree_control'), enable);
    write(path.join(parent, 'cgroup.subtree_control'), enable);
  }

  private createV1(name: string, limits: CgroupLimits): Cgroup {
    const dirs = V1_CONTROLLERS.map(c => path.join(this.root, c, PARENT, name));
    const [memory, pids, cpu] = dirs;
    if (this.accounting) dirs.push(path.join(this.accounting, PARENT, name));
    for (const dir of dirs) fs.mkdirSync(dir);
    write(path.join(memory, 'memory.limit_in_bytes'), limits.memoryBytes);
    // Memory and swap together, where the kernel accounts swap (swapaccount=1).
    const memsw = path.join(memory, 'memory.memsw.limit_in_bytes');
    if (fs.existsSync(memsw)) write(memsw, limits.memoryBytes);
    write(path.join(pids, 'pids.max'), limits.pids);
    if (limits.cpuCores !== undefined) {
      write(path.join(cpu, 'cpu.cfs_period_us'), CPU_PERIOD_US);
      write(
        path.join(cpu, 'cpu.cfs_quota_us'),
        Math.max(1000, Math.round(limits.cpuCores * CPU_PERIOD_US)),
      );
    }
    return group(dirs, () => oomKills(path.join(memory, 'memory.oom_control')));
  }

  private createV2(dir: string, limits: CgroupLimits): Cgroup {
    fs.mkdirSync(dir);
    write(path.join(dir, 'memory.max'), limits.memoryBytes);
    // No swap: the memory limit is all the group gets.
    const swap = path.join(dir, 'memory.swap.max');
    if (fs.existsSync(swap)) write(swap, 0);
    write(path.join(dir, 'pids.max'), limits.pids);
    if (limits.cpuCores !== undefined) {
      write(
        path.join(dir, 'cpu.max'),
        `${Math.max(
          1000,
          Math.round(limits.cpuCores * CPU_PERIOD_US),
        )} ${CPU_PERIOD_US}`,
      );
    }
    return group([dir], () => oomKills(path.join(dir, 'memory.events')));
  }

  /**
   * Groups a previous backend left (it crashed before removing them): those whose sandbox (the pid
   * that ends their name) is gone. A group being set up right now by another backend or test
   * process has its sandbox alive, and is left alone.
   */
  private removeLeftovers() {
    const parents =
      this.version === 2
        ? [path.join(this.root, PARENT)]
        : [
            ...V1_CONTROLLERS.map(c => path.join(this.root, c, PARENT)),
            ...(this.accounting ? [path.join(this.accounting, PARENT)] : []),
          ];
    for (const parent of parents) {
      for (const name of safeReaddir(parent)) {
        const pid = Number(/\.(\d+)$/.exec(name)?.[1]);
        if (!pid || fs.existsSync(`/proc/${pid}`)) continue;
        try {
          fs.rmdirSync(path.join(parent, name));
        } catch {
          // still in use (or not a group): left alone
        }
      }
    }
  }
}

/** The cpuacct hierarchy when it is mounted apart from cpu (else undefined: cpu's groups count). */
function separateAccounting(root: string): string | undefined {
  const dir = path.join(root, V1_ACCOUNTING);
  if (!fs.existsSync(path.join(dir, 'tasks'))) return undefined;
  if (fs.realpathSync(dir) === fs.realpathSync(path.join(root, 'cpu')))
    return undefined;
  return dir;
}

function group(dirs: string[], oomKillCount: () => number): Cgroup {
  const procs = () =>
    dirs.flatMap(dir =>
      readText(path.join(dir, 'cgroup.procs'))
        .split('\n')
        .filter(Boolean)
        .map(Number),
    );
  return {
    add(pid) {
      for (const dir of dirs) write(path.join(dir, 'cgroup.procs'), pid);
    },
    oomKilled: () => oomKillCount() > 0,
    async remove() {
      // The processes die with their sandbox (bwrap's PID namespace); stragglers are killed.
      for (let attempt = 0; attempt < 200; attempt++) {
        const left = procs();
        if (left.length === 0) break;
        if (attempt >= 100) {
          for (const pid of left) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // gone
            }
          }
        }
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      for (const dir of dirs) {
        try {
          fs.rmdirSync(dir);
        } catch {
          // still busy: the next backend start removes it
        }
      }
    },
  };
}

/** The `oom_kill` count of a v1 memory.oom_control or v2 memory.events file (0 when unknown). */
function oomKills(file: string): number {
  return Number(/^oom_kill (\d+)$/m.exec(readText(file))?.[1] ?? 0);
}

export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function safeReaddir(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => entry.name);
  } catch {
    return [];
  }
}
