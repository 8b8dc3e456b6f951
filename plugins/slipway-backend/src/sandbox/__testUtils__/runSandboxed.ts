import type { ChildProcess } from 'node:child_process';
import type { Sandbox, SandboxedSpawn } from '../types';

/** The end of a sandboxed command: status, combined output, and what the sandbox noted. */
export type Ended = {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  note?: string;
};

/** Spawns in `sandbox` and collects stdout+stderr; `ended` resolves when the process is gone. */
export function runSandboxed(
  sandbox: Sandbox,
  spec: Omit<SandboxedSpawn, 'stdio'>,
): { child: ChildProcess; output: () => string; ended: Promise<Ended> } {
  const child = sandbox.spawn({ ...spec, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', chunk => {
    output += chunk;
  });
  child.stderr?.on('data', chunk => {
    output += chunk;
  });
  const ended = new Promise<Ended>(resolve =>
    child.once('close', (code, signal) =>
      resolve({ code, signal, output, note: sandbox.exitNote(child) }),
    ),
  );
  return { child, output: () => output, ended };
}
