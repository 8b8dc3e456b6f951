import type { Process, ProcessStructure } from '@slipway/plugin-slipway-common';

export type ProcessTypeSummary = {
  type: string;
  /** Replicas asked for (the app's structure). */
  replicas: number;
  /** e.g. "2 up, 1 starting"; "none running" when there are no processes. */
  state: string;
};

/** One row per process type: desired replicas and how its processes are doing. */
export function summarizeProcesses(
  structure: ProcessStructure,
  processes: Process[],
): ProcessTypeSummary[] {
  const types = new Set([
    ...Object.keys(structure),
    ...processes.map(p => p.type),
  ]);
  return [...types].sort().map(type => {
    const counts = new Map<string, number>();
    for (const process of processes.filter(p => p.type === type)) {
      counts.set(process.state, (counts.get(process.state) ?? 0) + 1);
    }
    const state =
      [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ') ||
      'none running';
    return { type, replicas: structure[type] ?? 0, state };
  });
}

/** Restarts from which a crashed process counts as crash-looping rather than a one-off crash. */
export const CRASH_LOOP_RESTARTS = 2;

/** Processes that crashed and keep being restarted. */
export function crashLooping(processes: Process[]): Process[] {
  return processes.filter(
    p => p.state === 'crashed' && p.restarts >= CRASH_LOOP_RESTARTS,
  );
}
