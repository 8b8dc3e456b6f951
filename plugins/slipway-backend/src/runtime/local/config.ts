import type { Config } from '@backstage/config';

/** The local runtime's settings, read once from `slipway.local`. Durations in seconds. */
export type LocalRuntimeSettings = {
  dataDir: string;
  /** Ports handed out as `PORT`; undefined = any free port the system picks. */
  portRange?: { from: number; to: number };
  /** How long a scaled-up or restarted process may take to become ready (deploys use the app's `deployTimeout`). */
  readyTimeout: number;
  /** How long replaced processes keep running after the switch, so the router has moved on and requests finish. */
  drainSeconds: number;
  /** Grace between SIGTERM and SIGKILL. */
  stopTimeout: number;
  /** First restart delay after a crash; doubles per crash in a row up to `maxRestartDelay`. */
  restartDelay: number;
  maxRestartDelay: number;
  /** A process that ran this long before exiting starts its backoff over. */
  stableSeconds: number;
  /** Crashes in a row after which a rollout stops waiting for the process. */
  crashLoopCrashes: number;
  /** Longest a one-off `run` may take. */
  runTimeout: number;
  /** Log lines kept in memory per app. */
  logLines: number;
  /** Size at which an app's log file is rotated (one old file is kept). */
  logFileBytes: number;
};

/** Reads `slipway.local`; throws on values that make no sense. */
export function readLocalRuntimeSettings(
  config: Config,
  dataDir: string,
): LocalRuntimeSettings {
  const section = config.getOptionalConfig('slipway.local');
  const number = (key: string, fallback: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new Error(`slipway.local.${key} must be a number of 0 or more`);
    }
    return value;
  };
  return {
    dataDir,
    portRange: parsePortRange(section?.getOptionalString('portRange')),
    readyTimeout: number('readyTimeout', 60),
    drainSeconds: number('drainSeconds', 5),
    stopTimeout: number('stopTimeout', 10),
    restartDelay: number('restartDelay', 1),
    maxRestartDelay: number('maxRestartDelay', 60),
    stableSeconds: number('stableSeconds', 10),
    crashLoopCrashes: Math.max(1, number('crashLoopCrashes', 3)),
    runTimeout: number('runTimeout', 600),
    logLines: Math.max(1, number('logLines', 2000)),
    logFileBytes: number('logFileBytes', 10 * 1024 * 1024),
  };
}

/** `"20000-29999"` → `{from, to}`. */
export function parsePortRange(
  text: string | undefined,
): LocalRuntimeSettings['portRange'] {
  if (text === undefined) return undefined;
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (!match || from < 1024 || to > 65535 || from > to) {
    throw new Error(
      `slipway.local.portRange "${text}" must look like 20000-29999 (ports 1024-65535)`,
    );
  }
  return { from, to };
}
