import { spawn, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
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

/** The descriptors bwrap tells the sandbox's pid on, and waits on before running the command. */
const INFO_FD = 3;
const BLOCK_FD = 4;

/**
 * Like `spawnGroup` for bwrap: `prepare` runs on the sandbox's pid before the command starts
 * (bwrap `--info-fd`/`--block-fd`); when it fails, the sandbox is killed and the child emits
 * 'error' with the reason.
 */
export function spawnGroupPrepared(
  bwrap: string,
  args: string[],
  cwd: string,
  spec: SandboxedSpawn,
  prepare: (sandboxPid: number) => Promise<void>,
) {
  const stdio = Array.isArray(spec.stdio)
    ? spec.stdio.slice(0, 3)
    : [spec.stdio, spec.stdio, spec.stdio];
  const child = spawnGroup(
    bwrap,
    ['--info-fd', String(INFO_FD), '--block-fd', String(BLOCK_FD), ...args],
    cwd,
    { ...spec, stdio: [...stdio, 'pipe', 'pipe'] as StdioOptions },
  );
  const pipes = child.stdio as unknown as (Readable & Writable)[];
  pipes[INFO_FD].on('error', () => {});
  pipes[BLOCK_FD].on('error', () => {});
  let info = '';
  pipes[INFO_FD].setEncoding('utf8');
  pipes[INFO_FD].on('data', chunk => {
    info += chunk;
  });
  // bwrap's sandbox dies with bwrap only once its command was released: bwrap killed during the
  // setup (a probe's timeout) would leave the sandbox's init blocked, or waiting forever on what
  // the setup started in there (pasta). What is left of the group goes with bwrap (the group still
  // has members, so its id was not reused).
  child.once('exit', () => {
    if (child.pid && groupMembers(child.pid).length > 0) {
      signalGroup(child.pid, 'SIGKILL');
    }
  });
  pipes[INFO_FD].once('end', () => {
    const sandboxPid = Number(/"child-pid":\s*(\d+)/.exec(info)?.[1]);
    if (!sandboxPid || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    prepare(sandboxPid).then(
      () => pipes[BLOCK_FD].end('go'),
      error => {
        child.emit('error', error);
        if (child.pid) signalGroup(child.pid, 'SIGKILL');
      },
    );
  });
  return child;
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
