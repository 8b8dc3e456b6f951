import type {
  AppSettings,
  SettingsPatch,
} from '@slipway/plugin-slipway-common';

/** The settings the form edits. */
export type EditableSettings = Pick<
  AppSettings,
  'maintenance' | 'httpsOnly' | 'hsts' | 'allowlist'
>;

/** Only what the user changed, so a save never overwrites someone else's concurrent change to other fields. */
export function settingsPatch(
  saved: AppSettings,
  edited: EditableSettings,
): SettingsPatch {
  const patch: SettingsPatch = {};
  if (edited.maintenance !== saved.maintenance)
    patch.maintenance = edited.maintenance;
  if (edited.httpsOnly !== saved.httpsOnly) patch.httpsOnly = edited.httpsOnly;
  if (edited.allowlist.join('\n') !== saved.allowlist.join('\n'))
    patch.allowlist = edited.allowlist;
  const hsts: SettingsPatch['hsts'] = {};
  for (const key of [
    'enabled',
    'maxAge',
    'includeSubdomains',
    'preload',
  ] as const) {
    if (edited.hsts[key] !== saved.hsts[key])
      (hsts as Record<string, unknown>)[key] = edited.hsts[key];
  }
  if (Object.keys(hsts).length > 0) patch.hsts = hsts;
  return patch;
}

/** "maintenance on, HSTS max-age": what changed, for the result message. */
export function describeSettingsPatch(patch: SettingsPatch): string {
  const parts: string[] = [];
  if (patch.maintenance !== undefined)
    parts.push(`maintenance ${patch.maintenance ? 'on' : 'off'}`);
  if (patch.httpsOnly !== undefined)
    parts.push(`HTTPS only ${patch.httpsOnly ? 'on' : 'off'}`);
  if (patch.allowlist !== undefined) parts.push('allowlist');
  if (patch.hsts !== undefined) parts.push('HSTS');
  return parts.join(', ');
}
