import type { RunResult } from '@slipway/plugin-slipway-common';
import { signalGroup, type Sandbox, type SandboxDirs } from '../../sandbox';
import { lineSplitter, type AppLog } from './AppLog';
import { slugShellArgs } from './slug';

const MAX_OUTPUT = 1024 * 1024;
/** Exit code reported when the command ran out of time (as `timeout(1)` does). */
export const TIMED_OUT = 124;

export type OneOff = {
  app: string;
  name: string;
  command: string;
  dirs: SandboxDirs;
  env: Record<string, string>;
  timeoutMs: number;
  log: AppLog;
  sandbox: Sandbox;
  /** Each line as it is printed (streamed to the user), the closing notes too. */
  onLine?: (line: string) => void;
};

/**
 * Runs a one-off command to completion: combined stdout+stderr (the last MiB of it)
 * and the exit code. Its lines also go to the app log as `run.<n>`.
 */
export function runOneOff(spec: OneOff): Promise<RunResult> {
  return new Promise(resolve => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const child = spec.sandbox.spawn({
      command: '/bin/sh',
      args: slugShellArgs(spec.command),
      dirs: spec.dirs,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      app: spec.app,
    });
    spec.log.append(spec.name, `Running \`${spec.command}\``);
    const lines = lineSplitter(line => {
      spec.log.append(spec.name, line);
      spec.onLine?.(line);
    });
    const collect = (chunk: Buffer) => {
      lines.push(chunk);
      chunks.push(chunk);
      size += chunk.length;
      while (size > MAX_OUTPUT && chunks.length > 1) {
        size -= chunks.shift()!.length;
        truncated = true;
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
    }, spec.timeoutMs);
    const finish = (code: number, reason?: string) => {
      clearTimeout(timer);
      const sandboxNote = spec.sandbox.exitNote(child);
      const note = [reason, sandboxNote && `[${sandboxNote}]`]
        .filter(Boolean)
        .join('\n');
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
      lines.flush();
      if (note) note.split('\n').forEach(line => spec.onLine?.(line));
      let output = Buffer.concat(chunks).toString('utf8');
      if (truncated)
        output = `[output truncated to the last ${MAX_OUTPUT} bytes]\n${output}`;
      if (note)
        output += `${output && !output.endsWith('\n') ? '\n' : ''}${note}\n`;
      spec.log.append(spec.name, `Process exited with code ${code}`);
      resolve({ exitCode: code, output });
    };
    // Background children of the command would hold the output open: they go with it.
    child.once('exit', () => child.pid && signalGroup(child.pid, 'SIGKILL'));
    child.once('error', error =>
      finish(127, `could not start: ${error.message}`),
    );
    child.once('close', (code, signal) => {
      if (timedOut) {
        finish(
          TIMED_OUT,
          `[timed out after ${Math.round(spec.timeoutMs / 1000)}s]`,
        );
      } else {
        finish(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
      }
    });
  });
}
