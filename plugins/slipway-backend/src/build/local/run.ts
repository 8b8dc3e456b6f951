import { spawn } from 'node:child_process';

export type StepOptions = {
  /** Shown in the log and in the error when the step fails, e.g. `npm ci`. */
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (chunk: string) => void;
  signal: AbortSignal;
};

/** The end of a failed step's output, kept to explain the failure (e.g. a registry that could not be reached). */
export class StepFailedError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
    this.name = 'StepFailedError';
  }
}

const KEPT_OUTPUT = 64 * 1024;
const KILL_GRACE_MS = 5000;

/**
 * Runs one build step (no shell: command and arguments are passed as they are), streaming its
 * output to the build log. The step runs in its own process group so that stopping it (abort or
 * timeout) also stops what it started (npm → sh → node ...).
 */
export function runStep(options: StepOptions): Promise<void> {
  const { label, command, args, cwd, env, log, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let output = '';
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (data: Buffer) => {
      const text = data.toString('utf8');
      output = (output + text).slice(-KEPT_OUTPUT);
      log(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);

    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(
        () => killGroup(child.pid, 'SIGKILL'),
        KILL_GRACE_MS,
      );
    };
    signal.addEventListener('abort', stop, { once: true });

    child.on('error', error => {
      signal.removeEventListener('abort', stop);
      reject(
        new StepFailedError(
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? `${label} failed: "${command}" is not installed on the build machine`
            : `${label} failed: ${error.message}`,
          output,
        ),
      );
    });
    child.on('close', (code, exitSignal) => {
      signal.removeEventListener('abort', stop);
      clearTimeout(killTimer);
      if (signal.aborted) {
        reject(signal.reason);
      } else if (code === 0) {
        resolve();
      } else {
        const how =
          code === null
            ? `was killed (${exitSignal})`
            : `exited with code ${code}`;
        reject(new StepFailedError(`${label} failed: it ${how}`, output));
      }
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
