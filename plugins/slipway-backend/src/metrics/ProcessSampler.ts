import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MetricStore } from '../ledger/MetricStore';
import { minuteOf, type ProcessPoint } from './types';

/** One running process's use, as a runtime reads it (a sandbox's cgroup, a pod's metrics). */
export type ProcessUsage = {
  app: string;
  processType: string;
  /** Tells one process from the next of the same type (a pid, a pod name). */
  instance: string;
  memoryBytes: number;
  /** A rate measured by the source (Kubernetes' metrics API). */
  cpuMillicores?: number;
  /** A counter since the process started (cgroups); the rate comes from two readings. */
  cpuNanos?: number;
};

/** Where a runtime's usage comes from. */
export type ProcessUsageSource = {
  name: string;
  read(): Promise<ProcessUsage[]>;
};

/**
 * Samples the processes' use once a minute into `slipway_process_points`: memory and CPU summed
 * per app and process type. A CPU counter gives a rate only from its second reading, so a process
 * first seen adds its memory but no CPU to its first minute.
 */
export class ProcessSampler {
  private previous = new Map<string, { cpuNanos: number; at: number }>();
  /** The last failure logged: a source that stays away (no metrics-server) is logged once. */
  private problem?: string;

  constructor(
    private readonly deps: {
      source: ProcessUsageSource;
      store: () => MetricStore;
      logger?: LoggerService;
      now?: () => number;
    },
  ) {}

  /** Reads the source and turns the readings into the points of this minute. */
  async sample(): Promise<ProcessPoint[]> {
    const at = this.deps.now?.() ?? Date.now();
    const usages = await this.deps.source.read();
    const minute = minuteOf(at);
    const points = new Map<string, ProcessPoint>();
    const seen = new Map<string, { cpuNanos: number; at: number }>();
    for (const usage of usages) {
      const key = `${usage.app}\n${usage.processType}`;
      let point = points.get(key);
      if (!point) {
        point = {
          app: usage.app,
          minute,
          processType: usage.processType,
          memoryBytes: 0,
          cpuMillicores: 0,
        };
        points.set(key, point);
      }
      point.memoryBytes += usage.memoryBytes;
      point.cpuMillicores += this.cpuRate(usage, at, seen);
    }
    // Processes gone since the last reading are forgotten (their pids may come back).
    this.previous = seen;
    return [...points.values()].map(point => ({
      ...point,
      cpuMillicores: Math.round(point.cpuMillicores),
    }));
  }

  /** Samples and stores; a failure is logged (once while it lasts), never thrown: the next minute tries again. */
  async run(): Promise<number> {
    try {
      const points = await this.sample();
      if (points.length > 0) await this.deps.store().insertProcesses(points);
      this.problem = undefined;
      return points.length;
    } catch (error) {
      const problem = `Could not sample process use from ${this.deps.source.name}: ${error}`;
      if (problem !== this.problem) this.deps.logger?.warn(problem);
      this.problem = problem;
      return 0;
    }
  }

  private cpuRate(
    usage: ProcessUsage,
    at: number,
    seen: Map<string, { cpuNanos: number; at: number }>,
  ): number {
    if (usage.cpuMillicores !== undefined) return usage.cpuMillicores;
    if (usage.cpuNanos === undefined) return 0;
    const id = `${usage.app}\n${usage.processType}\n${usage.instance}`;
    seen.set(id, { cpuNanos: usage.cpuNanos, at });
    const before = this.previous.get(id);
    if (!before || at <= before.at || usage.cpuNanos < before.cpuNanos)
      return 0;
    // nanoseconds of CPU per millisecond of wall time ÷ 1000 = millicores.
    return (usage.cpuNanos - before.cpuNanos) / (at - before.at) / 1000;
  }
}

/**
 * The usage source of a runtime that has one (the built-in local and kubernetes runtimes). Asked
 * by shape: `processUsage` is not part of the published Runtime interface (yet), so a runtime
 * added by another module has no process metrics.
 */
export function processUsageSource(
  runtime: object,
): ProcessUsageSource | undefined {
  const candidate = runtime as {
    processUsage?: () => ProcessUsageSource | undefined;
  };
  return typeof candidate.processUsage === 'function'
    ? candidate.processUsage()
    : undefined;
}
