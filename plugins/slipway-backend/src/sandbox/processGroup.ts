import { spawn, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import { LAUNCHER_ENV } from './launcher';

/**
 * Starts one of the platform's programs (`command` an absolute path) as the leader of a new process
 * group, with the launcher's fixed environment, killed (SIGKILL) after `timeoutMs`.
 */
export function spawnGroupWith(
  command: string,
  args: string[],
  options: { stdio: unknown[]; timeoutMs?: number; cwd?: string },
) {
  return spawn(command, args, {
    cwd: options.cwd ?? '/',
    env: { ...LAUNCHER_ENV },
    detached: true,
    stdio: options.stdio as StdioOptions,
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
  });
}

/** Sends a signal to a process group; false when it is gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The members of process group `pgid` (Linux /proc), with their parents. Processes inside a
 * sandbox's PID namespace are listed under their pids in ours.
 */
export function groupMembers(pgid: number): { pid: number; ppid: number }[] {
  const members: { pid: number; ppid: number }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name (which may contain spaces): state, ppid, pgrp, ...
    const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid) {
      members.push({ pid: Number(name), ppid: Number(ppid) });
    }
  }
  return members;
}

/** `'ignore'` → `['ignore', 'ignore', 'ignore']`: stdio as three entries, so that more fds can follow. */
export function firstThree(stdio: StdioOptions): unknown[] {
  if (typeof stdio === 'string') return [stdio, stdio, stdio];
  const list = [...(stdio as unknown[])];
  while (list.length < 3) list.push('ignore');
  return list.slice(0, 3);
}
