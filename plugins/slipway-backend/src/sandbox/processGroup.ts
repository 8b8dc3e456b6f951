import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { SandboxedSpawn } from './types';

/** Starts `command` as the leader of a new process group, killed (SIGKILL) after `timeoutMs`. */
export function spawnGroup(
  command: string,
  args: string[],
  cwd: string,
  spec: SandboxedSpawn,
) {
  return spawn(command, args, {
    cwd,
    env: spec.env,
    detached: true,
    stdio: spec.stdio,
    timeout: spec.timeoutMs,
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
