import type { Sandbox, SandboxDirs } from '../../sandbox';
import { signalGroup } from '../../sandbox';

export type StepOptions = {
  /** Shown in the log and in the error when the step fails, e.g. `npm ci`. */
  label: string;
  command: string;
  args: string[];
  /** The build directory (writable), HOME and caches of the step. */
  dirs: SandboxDirs;
  env: NodeJS.ProcessEnv;
  /** Build output; when it returns a promise, the step's output waits for it (backpressure). */
  log: (chunk: string) => void | Promise<void>;
  signal: AbortSignal;
  sandbox: Sandbox;
  /** The app built (names the step's cgroups). */
  app?: string;
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
 * Runs one build step in the sandbox (no shell: command and arguments are passed as they are),
 * streaming its output to the build log. The step runs in its own process group so that stopping
 * it (abort or timeout) also stops what it started (npm → sh → node ...); nothing it started
 * outlives it. While the log is busy (a slow `git push` client), the step's output pipes are not
 * read, so the step itself waits instead of the backend buffering its output.
 */
export function runStep(options: StepOptions): Promise<void> {
  const { label, command, args, dirs, env, log, signal, sandbox, app } =
    options;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let output = '';
    const child = sandbox.spawn({
      command,
      args,
      dirs,
      env: env as Record<string, string>,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The build's limits (memory, processes, /tmp and HOME sizes), bigger than a process's.
      build: true,
      app,
    });
    const streams = [child.stdout!, child.stderr!];
    const onData = (data: Buffer) => {
      const text = data.toString('utf8');
      output = (output + text).slice(-KEPT_OUTPUT);
      const busy = log(text);
      if (busy) {
        for (const stream of streams) stream.pause();
        busy.then(
          () => streams.forEach(stream => stream.resume()),
          () => streams.forEach(stream => stream.resume()),
        );
      }
    };
    for (const stream of streams) stream.on('data', onData);

    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (child.pid) sandbox.terminate(child.pid);
      killTimer = setTimeout(
        () => child.pid && signalGroup(child.pid, 'SIGKILL'),
        KILL_GRACE_MS,
      );
    };
    signal.addEventListener('abort', stop, { once: true });
    // What the step left running in the background goes with it.
    child.once('exit', () => child.pid && signalGroup(child.pid, 'SIGKILL'));

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
        const note = sandbox.exitNote(child);
        reject(
          new StepFailedError(
            `${label} failed: it ${how}${note ? ` (${note})` : ''}`,
            output,
          ),
        );
      }
    });
  });
}
