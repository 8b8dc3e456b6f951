import type { RetainedLogLine } from '@slipway/plugin-slipway-common';

/**
 * Whether a line is the platform telling that an instance crashed (not a requested stop):
 * `Process exited with code 3; restarting in 1s` (local) or `Process exited with code 137
 * (OOMKilled); restarted by Kubernetes (restart 2)`.
 */
export function isCrashLine(line: RetainedLogLine): boolean {
  return (
    line.kind === 'platform' &&
    /^Process (exited|could not start)/.test(line.line) &&
    /restart/.test(line.line)
  );
}
