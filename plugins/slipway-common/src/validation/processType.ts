const PROCESS_TYPE = /^[a-z][a-z0-9-]{0,29}$/;

/** Upper bound on replicas of one process type; protects the cluster from a typo like 1000. */
export const MAX_REPLICAS = 100;

/** Returns why `type` is not a valid process type, or undefined when it is. */
export function processTypeProblem(type: string): string | undefined {
  if (!PROCESS_TYPE.test(type) || type.endsWith('-')) {
    return `Process type "${type.slice(
      0,
      40,
    )}" must be 1 to 30 lowercase letters, digits or hyphens, starting with a letter`;
  }
  return undefined;
}

/** Returns why `replicas` is not a valid replica count, or undefined when it is. */
export function replicasProblem(
  type: string,
  replicas: unknown,
): string | undefined {
  if (
    typeof replicas !== 'number' ||
    !Number.isInteger(replicas) ||
    replicas < 0 ||
    replicas > MAX_REPLICAS
  ) {
    return `Replicas of "${type}" must be a whole number from 0 to ${MAX_REPLICAS}`;
  }
  return undefined;
}
