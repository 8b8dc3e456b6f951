import type { Route, RouterApplyResult } from '@slipway/plugin-slipway-node';

/**
 * What the last successful apply left live: each app's route and block text, the apps it
 * rejected (with why), and the live config version it went with (by identity).
 */
export type AppliedRoutes = {
  routes: Map<string, Route>;
  blocks: Map<string, string>;
  rejected: RouterApplyResult['rejected'];
  live: unknown;
  /** When the earliest remembered nginx -t refusal expires (a retry needs the full path). */
  refusalsExpireAt: number;
};

/** One changed app rendered again: its block text and dynamic endpoints, or a problem. */
export type Rerendered = { text: string; endpoints?: string[] } | undefined;

/**
 * The apps whose endpoints alone changed since `last`, with their new endpoints; undefined when
 * anything else changed (an app added, removed, duplicated, rejected before, or whose block
 * text differs: hosts, certificates, settings, or endpoints that cannot be dynamic) and the
 * whole table must go through the full path. Costs a cheap comparison per app and a render per
 * changed app, never a render or a string of the whole config.
 */
export function endpointOnlyChanges(
  table: readonly Route[],
  last: AppliedRoutes,
  render: (route: Route) => Rerendered,
): Map<string, { route: Route; endpoints: string[] }> | undefined {
  if (table.length !== last.routes.size) return undefined;
  const rejected = new Set(last.rejected.map(r => r.app));
  const seen = new Set<string>();
  const changes = new Map<string, { route: Route; endpoints: string[] }>();
  for (const route of table) {
    const previous = last.routes.get(route?.app);
    if (!previous || seen.has(route.app)) return undefined;
    seen.add(route.app);
    if (sameValue(previous, route)) continue;
    if (rejected.has(route.app)) return undefined;
    const rendered = render(route);
    if (
      !rendered ||
      rendered.endpoints === undefined ||
      rendered.text !== last.blocks.get(route.app)
    ) {
      return undefined;
    }
    changes.set(route.app, { route, endpoints: rendered.endpoints });
  }
  return changes;
}

/**
 * Structural equality of JSON-like values (routes), allocation-free: 10,000 routes compare in a
 * few milliseconds, with no JSON text of them. Keys holding `undefined` count as absent.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  const aList = Array.isArray(a);
  if (aList !== Array.isArray(b)) return false;
  if (aList) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameValue(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    keys++;
    if (!sameValue(x[key], y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) keys--;
  return keys === 0;
}
