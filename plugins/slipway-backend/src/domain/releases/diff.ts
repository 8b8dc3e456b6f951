import type {
  Build,
  Config,
  ReleaseDiffEntry,
} from '@slipway/plugin-slipway-common';
import { byCodePoint } from '../order';
import { shortImage } from './summary';

const MASK = '****';
const SECTIONS = ['values', 'limits', 'tags', 'healthchecks'] as const;

/** JSON with object keys sorted, so equal values render to equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => byCodePoint(a, b)),
        )
      : v,
  );
}

/**
 * Value-level differences between two configs (and builds), sorted by section then key.
 * Config values are shown as `****` unless `reveal`.
 */
export function diffReleases(
  from: { config: Config; build?: Pick<Build, 'image' | 'sha' | 'procfile'> },
  to: { config: Config; build?: Pick<Build, 'image' | 'sha' | 'procfile'> },
  reveal: boolean,
): ReleaseDiffEntry[] {
  const changes: ReleaseDiffEntry[] = [];
  const add = (
    section: ReleaseDiffEntry['section'],
    a: Record<string, unknown>,
    b: Record<string, unknown>,
    render: (value: unknown) => string,
  ) => {
    for (const key of [
      ...new Set([...Object.keys(a), ...Object.keys(b)]),
    ].sort()) {
      // Own properties only: a key called `constructor` is not Object's.
      const inA = Object.hasOwn(a, key) && a[key] !== undefined;
      const inB = Object.hasOwn(b, key) && b[key] !== undefined;
      if (!inA && !inB) continue;
      if (inA && inB && canonicalJson(a[key]) === canonicalJson(b[key]))
        continue;
      let change: ReleaseDiffEntry['change'] = 'changed';
      if (!inA) change = 'added';
      else if (!inB) change = 'removed';
      changes.push({
        section,
        key,
        change,
        ...(inA ? { from: render(a[key]) } : {}),
        ...(inB ? { to: render(b[key]) } : {}),
      });
    }
  };
  add(
    'build',
    buildFields(from.build, reveal),
    buildFields(to.build, reveal),
    v => String(v),
  );
  for (const section of SECTIONS) {
    const showValue = (v: unknown) => (reveal ? String(v) : MASK);
    const render = section === 'values' ? showValue : canonicalJson;
    add(section, from.config[section], to.config[section], render);
  }
  return changes;
}

/** A slug's full hash is for those who may read config; readers see its first 12 characters. */
function buildFields(
  build: Pick<Build, 'image' | 'sha' | 'procfile'> | undefined,
  reveal: boolean,
): Record<string, unknown> {
  if (!build) return {};
  const fields: Record<string, unknown> = {
    image: reveal ? build.image : shortImage(build.image),
    sha: build.sha,
  };
  for (const [type, command] of Object.entries(build.procfile)) {
    fields[`procfile.${type}`] = command;
  }
  return fields;
}
