import fs from 'node:fs';
import path from 'node:path';
import { signalGroup } from '../../sandbox';

/**
 * Every process runs in its own process group (spawned detached), so stopping it
 * also stops whatever its shell started. The groups are recorded in
 * `<dataDir>/run/<app>.json`, so that a backend that crashed can find and stop
 * what it left running. (Sandboxed processes die with the backend: bubblewrap's
 * `--die-with-parent`. Unsandboxed ones outlive it until the next apply.)
 */
export type RecordedProcess = {
  name: string;
  pid: number;
  /** Start time from /proc, to tell our process from a later one that got the same pid. */
  startTime?: string;
};

/** The kernel's start time of a process (Linux), or undefined when unknown. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) may contain spaces, so count from its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function recordFile(dataDir: string, app: string): string {
  return path.join(dataDir, 'run', `${app}.json`);
}

/** Replaces the record atomically (write + rename). */
export function writeRecord(file: string, processes: RecordedProcess[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify({ processes }, null, 2)}\n`);
  fs.renameSync(temporary, file);
}

export function readRecord(file: string): RecordedProcess[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(parsed?.processes)
      ? parsed.processes.filter(
          (p: RecordedProcess) => Number.isInteger(p?.pid) && p.pid > 1,
        )
      : [];
  } catch {
    return [];
  }
}

/**
 * Stops the process groups a previous backend left behind: SIGTERM, then SIGKILL
 * after `graceMs`. A recorded leader that is alive but started at another time is a
 * different process that reused the pid, and is left alone. Returns the names stopped.
 */
export async function stopLeftovers(
  recorded: RecordedProcess[],
  graceMs: number,
): Promise<string[]> {
  const ours = recorded.filter(p => {
    const now = processStartTime(p.pid);
    // Leader gone: its pid cannot be reused while group members live, so the group is ours.
    if (now === undefined) return true;
    return p.startTime === undefined || p.startTime === now;
  });
  const stopped = ours.filter(p => signalGroup(p.pid, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  while (stopped.some(p => signalGroup(p.pid, 0)) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  for (const p of stopped) signalGroup(p.pid, 'SIGKILL');
  return stopped.map(p => p.name);
}
