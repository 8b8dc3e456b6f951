import type { DeliveryFigures } from '@slipway/plugin-slipway-common';

/** A release as the figures need it: when, how it went, and (for a deploy) when its build started. */
export type DeliveryRelease = {
  app: string;
  version: number;
  createdAt: string;
  status: 'pending' | 'succeeded' | 'failed';
  summary: string;
  /** Start of the build it deploys; absent for config changes, rollbacks and v1. */
  buildStartedAt?: string;
};

const ROLLBACK = /rolled back to v(\d+)$/;
const HOUR = 3_600_000;

/**
 * DORA's four figures over `days` days, from releases in version order per app:
 * - deployment frequency: succeeded deploys (releases of a build) per day;
 * - lead time: median from the build's start (the push; the commit's own time is not recorded)
 *   to the release;
 * - change failure rate: deploys that failed or were rolled back (a later rollback release
 *   names an older version), out of all deploys;
 * - time to restore: median from a failed or rolled-back deploy to the next succeeded release.
 */
export function deliveryFigures(
  releases: DeliveryRelease[],
  days: number,
): DeliveryFigures {
  const byApp = new Map<string, DeliveryRelease[]>();
  for (const r of releases) {
    const list = byApp.get(r.app) ?? [];
    list.push(r);
    byApp.set(r.app, list);
  }
  let deploys = 0;
  let succeededDeploys = 0;
  let failedChanges = 0;
  const leadTimes: number[] = [];
  const restoreTimes: number[] = [];
  for (const list of byApp.values()) {
    list.sort((a, b) => a.version - b.version);
    const bad = new Set<number>();
    list.forEach((r, i) => {
      if (r.status === 'failed') bad.add(i);
      const back = ROLLBACK.exec(r.summary);
      // Rolling back condemns the release that was serving just before it (the newest succeeded one).
      if (back && r.status === 'succeeded') {
        for (let j = i - 1; j >= 0; j--) {
          if (list[j].version <= Number(back[1])) break;
          if (list[j].status === 'succeeded') {
            bad.add(j);
            break;
          }
        }
      }
    });
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (!r.buildStartedAt) continue;
      deploys += 1;
      if (r.status === 'succeeded') {
        succeededDeploys += 1;
        leadTimes.push(Date.parse(r.createdAt) - Date.parse(r.buildStartedAt));
      }
      if (!bad.has(i)) continue;
      failedChanges += 1;
      for (let k = i + 1; k < list.length; k++) {
        if (list[k].status === 'succeeded' && !bad.has(k)) {
          restoreTimes.push(
            Date.parse(list[k].createdAt) - Date.parse(r.createdAt),
          );
          break;
        }
      }
    }
  }
  return {
    days,
    deploys,
    deploymentsPerDay: round(succeededDeploys / days, 2),
    leadTimeHours: median(leadTimes, HOUR),
    changeFailureRate: deploys ? round(failedChanges / deploys, 3) : null,
    timeToRestoreHours: median(restoreTimes, HOUR),
  };
}

function median(values: number[], unit: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return round(value / unit, 2);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
