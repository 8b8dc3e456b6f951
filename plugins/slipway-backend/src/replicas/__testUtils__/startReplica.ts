import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type Replica = {
  process: ChildProcess;
  port: number;
  instanceId: string;
  /** What it wrote to stderr (for failures). */
  stderr: () => string;
};

/** Starts a backend replica as a child process (replicaBackend.ts); resolves once it serves. */
export function startReplica(options: {
  connection: object | string;
  config: object;
  /** Instance ids of the replicas already running on the database. */
  others: string[];
}): Promise<Replica> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'replicaBackend.ts'),
    ],
    {
      env: { ...process.env, SLIPWAY_REPLICA: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', chunk => {
      stdout = (stdout + chunk).slice(-50_000);
      stderr = (stderr + chunk).slice(-50_000);
      const match = /listening (\d+) (\S+)\n/.exec(stdout);
      if (match) {
        resolve({
          process: child,
          port: Number(match[1]),
          instanceId: match[2],
          stderr: () => stderr,
        });
      }
    });
    child.on('exit', code =>
      reject(new Error(`The replica exited (${code}): ${stderr}`)),
    );
  });
}
