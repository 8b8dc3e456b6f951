import type {
  Procfile,
  ProcessStructure,
} from '@slipway/plugin-slipway-common';
import { RELEASE_PHASE_TYPE } from '../../reconciler/releasePhase';

/**
 * The process structure after deploying `procfile` (as Heroku and Deis do): existing types keep
 * their replicas, new types start at 0 except `web` which starts at 1 (so a first deploy runs one
 * web process), and types the Procfile no longer has leave the structure. The release phase is
 * a command, not a process type, so it never has replicas.
 */
export function structureForProcfile(
  current: ProcessStructure,
  procfile: Procfile,
): ProcessStructure {
  const next: ProcessStructure = {};
  for (const type of Object.keys(procfile).sort()) {
    if (type === RELEASE_PHASE_TYPE) continue;
    // Own properties only: a process type may be called `constructor`.
    const initial = type === 'web' ? 1 : 0;
    next[type] = Object.hasOwn(current, type) ? current[type] : initial;
  }
  return next;
}
