// Kubernetes quantities (a subset that covers what people write for limits).
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const CPU = /^(\d+(\.\d+)?|\d+m)$/;

/** Returns why `memory` is not a memory limit of process type `type`, or undefined. */
export function memoryLimitProblem(
  type: string,
  memory: unknown,
): string | undefined {
  if (typeof memory !== 'string' || !MEMORY.test(memory)) {
    return `Memory limit of "${type}" must be a Kubernetes quantity like 512Mi or 1Gi`;
  }
  return undefined;
}

/** Returns why `cpu` is not a CPU limit of process type `type`, or undefined. */
export function cpuLimitProblem(
  type: string,
  cpu: unknown,
): string | undefined {
  if (typeof cpu !== 'string' || !CPU.test(cpu)) {
    return `CPU limit of "${type}" must be a Kubernetes quantity like 500m or 2`;
  }
  return undefined;
}
