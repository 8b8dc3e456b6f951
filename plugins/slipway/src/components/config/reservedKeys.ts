/** Keys Slipway sets for every process itself; a config value for them is overridden. */
const SET_BY_SLIPWAY: Record<string, string> = {
  PORT: 'Slipway gives each process its own PORT',
  PS: 'Slipway sets PS to the process name (e.g. web.1)',
  SLIPWAY_RELEASE: 'Slipway sets SLIPWAY_RELEASE to the running release',
};

/** Why a key would not reach the app as set, to show next to the field. */
export function reservedKeyHint(key: string): string | undefined {
  const why = SET_BY_SLIPWAY[key];
  return why ? `${why}; a value set here is overridden.` : undefined;
}
