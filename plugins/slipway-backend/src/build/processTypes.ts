import {
  processTypeProblem,
  type Procfile,
} from '@slipway/plugin-slipway-common';

/**
 * The sources of the platform's own log lines (the router's and Slipway's): a process type of that
 * name would put an app's lines under those filters, beside lines the app did not write.
 */
const RESERVED = new Set(['router', 'slipway']);

/** Why a build cannot define process type `type` (its form, or a name the platform keeps), or undefined. */
export function definedProcessTypeProblem(type: string): string | undefined {
  return (
    processTypeProblem(type) ??
    (RESERVED.has(type)
      ? `Process type "${type}" is reserved for the platform's own log lines; name it differently`
      : undefined)
  );
}

/**
 * Why a recorded build may not be released again (a rollback, a promotion), or undefined: a build
 * recorded before those names were kept still defines them (a build never changes), and its
 * processes would run again under the platform's log filters.
 */
export function releasedBuildProblem(procfile: Procfile): string | undefined {
  const reserved = Object.keys(procfile).find(type => RESERVED.has(type));
  return reserved
    ? `its build defines process type "${reserved}", now reserved for the platform's own log lines; deploy a build that names it differently`
    : undefined;
}
