import type { BuildLog } from './buildLog';
import type { RunningBuild } from './types';

/** How often the log of a running build is saved for the portal's Builds tab. */
const SAVE_INTERVAL_MS = 1000;

/**
 * Saves the log of a running build every second while it changes, so the portal shows it while the
 * build runs. `stop` ends the saving (the finished build is then recorded with its whole log).
 */
export function saveLogWhileRunning(
  running: RunningBuild | undefined,
  log: BuildLog,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  if (!running) return { stop: async () => {} };
  let saved = '';
  let saving: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    const text = log.text();
    if (text === saved) return;
    saved = text;
    saving = saving.then(() => running.saveLog(text)).catch(onError);
  }, SAVE_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await saving;
    },
  };
}
