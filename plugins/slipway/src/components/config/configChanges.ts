import type { ConfigView } from '@slipway/plugin-slipway-common';

/** Staged changes to config values: a string sets a key, null unsets it. */
export type ConfigChanges = Record<string, string | null>;

export type ConfigRow = {
  key: string;
  /** What the user sees happening to this key when they save. */
  change?: 'added' | 'changed' | 'unset';
  /** The staged value (for added/changed keys). */
  staged?: string;
};

/** The rows of the editor: existing keys plus staged new ones, sorted by key. */
export function configRows(
  view: ConfigView,
  changes: ConfigChanges,
): ConfigRow[] {
  const keys = new Set([...view.keys, ...Object.keys(changes)]);
  return [...keys].sort().flatMap((key): ConfigRow[] => {
    const exists = view.keys.includes(key);
    if (!(key in changes)) return [{ key }];
    const staged = changes[key];
    if (staged === null) return exists ? [{ key, change: 'unset' }] : [];
    return [{ key, change: exists ? 'changed' : 'added', staged }];
  });
}

/** "Set A, B · unset C": what a save will do, for the button and confirmation. */
export function describeChanges(changes: ConfigChanges): string {
  const set = Object.keys(changes).filter(k => changes[k] !== null);
  const unset = Object.keys(changes).filter(k => changes[k] === null);
  return [
    set.length ? `set ${set.join(', ')}` : '',
    unset.length ? `unset ${unset.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
