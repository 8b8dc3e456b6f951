import type { Bounds } from './numbers';

const HTTP_PATH = /^\/[\x21-\x7e]{0,254}$/;

/** The kinds of probe a healthcheck has. */
export const PROBE_KINDS = ['liveness', 'readiness'] as const;

/** Bounds of a probe's numbers (as Kubernetes allows them, with a sane upper end). */
export const PROBE_BOUNDS = {
  port: [1, 65535],
  initialDelaySeconds: [0, 3600],
  timeoutSeconds: [1, 3600],
  periodSeconds: [1, 3600],
  failureThreshold: [1, 100],
} as const satisfies Record<string, Bounds>;

/** Returns why `path` is not an http probe's path, or undefined; `what` names the probe. */
export function probePathProblem(
  what: string,
  path: unknown,
): string | undefined {
  if (typeof path !== 'string' || !HTTP_PATH.test(path)) {
    return `The ${what} needs a path starting with "/" without spaces`;
  }
  return undefined;
}

/** Returns why `command` is not an exec probe's command, or undefined; `what` names the probe. */
export function probeCommandProblem(
  what: string,
  command: unknown,
): string | undefined {
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    command.length > 32 ||
    !command.every(
      part =>
        typeof part === 'string' && part.length > 0 && part.length <= 1024,
    )
  ) {
    return `The ${what} needs a command: a list of 1 to 32 non-empty strings`;
  }
  return undefined;
}
