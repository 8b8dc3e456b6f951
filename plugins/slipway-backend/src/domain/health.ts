import type {
  AppHealth,
  AppSettings,
  Process,
  ProcessStructure,
} from '@slipway/plugin-slipway-common';

/**
 * A process restarted within this long is still crash looping (it may be between crashes):
 * health stays `crashing` through a loop's restarts, so its owner hears of it once.
 */
export const CRASH_LOOP_WINDOW_MS = 60_000;

/** What health is judged from: the ledger's wish and the runtime's report. */
export type HealthInput = {
  settings: Pick<AppSettings, 'maintenance'>;
  structure: ProcessStructure;
  /** Whether a release with a build that did not fail exists (something to run). */
  deployed: boolean;
  /** The processes as the runtime reports them now. */
  processes: Process[];
  now: Date;
};

/**
 * An app's health, separate from its releases' status: what a visitor of its URL gets.
 * Maintenance wins (the router answers for the app); then whether there is anything to run,
 * whether any is wanted, and how the wanted processes fare.
 */
export function appHealth(input: HealthInput): AppHealth {
  if (input.settings.maintenance) return 'maintenance';
  if (!input.deployed) return 'not-deployed';
  const wanted = Object.values(input.structure).reduce((a, b) => a + b, 0);
  if (wanted === 0) return 'no-processes';
  // Replaced processes on their way out say nothing about the app.
  const running = input.processes.filter(
    p => p.state !== 'stopping' && p.state !== 'down',
  );
  if (running.some(p => isCrashLooping(p, input.now))) return 'crashing';
  if (running.some(p => p.state === 'up')) return 'up';
  return 'starting';
}

/** Crashed now, or restarted so recently that it may crash again. */
function isCrashLooping(process: Process, now: Date): boolean {
  if (process.state === 'crashed') return true;
  if (process.restarts === 0) return false;
  const started = process.startedAt ? Date.parse(process.startedAt) : NaN;
  return (
    process.state === 'starting' ||
    !(now.getTime() - started >= CRASH_LOOP_WINDOW_MS)
  );
}
