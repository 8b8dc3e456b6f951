import type { Config } from '@backstage/config';
import type { V1PodSpec, V1Toleration } from '@kubernetes/client-node';

/**
 * `slipway.kubernetes.pods`: platform-wide settings of every pod Slipway renders (processes, one-off runs,
 * release-phase and build Jobs). Real clusters keep app pods on dedicated nodes with a label and a taint.
 */
export type PodSettings = {
  /** Merged into every pod's nodeSelector (over an app's tags: the platform's placement wins). */
  nodeSelector: Record<string, string>;
  tolerations: V1Toleration[];
  /** The uid (and gid) app containers run as unless an app is allowed to run as root. */
  runAsUser: number;
  /** Seconds a new pod must stay ready before the rollout counts it (a process that crashes soon after start never replaces a serving one). */
  minReadySeconds: number;
  /**
   * Whether apps may run as root (their `runAsNonRoot: false` setting). Root is the platform's decision: while
   * false the setting is refused and apps that stored it earlier are rendered non-root anyway.
   */
  allowRoot: boolean;
};

export const DEFAULT_POD_SETTINGS: PodSettings = {
  nodeSelector: {},
  tolerations: [],
  runAsUser: 1000,
  minReadySeconds: 3,
  allowRoot: false,
};

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const PREFIX = 'slipway.kubernetes.pods';

/** `slipway.kubernetes.pods.allowRoot` (default false), also read by the settings service to refuse root. */
export function readAllowRoot(config: Config): boolean {
  return config.getOptionalBoolean(`${PREFIX}.allowRoot`) ?? false;
}

/** Reads and validates `slipway.kubernetes.pods`; a bad value stops the backend at startup. */
export function readPodSettings(config: Config): PodSettings {
  const section = config.getOptionalConfig(PREFIX);
  if (!section) return DEFAULT_POD_SETTINGS;
  const nodeSelector: Record<string, string> = {};
  // A list of {key, value}: label keys have `/`, which app-config keys cannot.
  for (const entry of section.getOptionalConfigArray('nodeSelector') ?? []) {
    const key = entry.getString('key');
    const value = entry.getString('value');
    if (!LABEL_KEY.test(key) || key.length > 317)
      throw new Error(`${PREFIX}.nodeSelector: "${key}" is not a label key`);
    if (!LABEL_VALUE.test(value))
      throw new Error(
        `${PREFIX}.nodeSelector "${key}": "${value}" is not a label value`,
      );
    nodeSelector[key] = value;
  }
  const tolerations = (section.getOptionalConfigArray('tolerations') ?? []).map(
    (t, index) => readToleration(t, `${PREFIX}.tolerations[${index}]`),
  );
  const runAsUser =
    section.getOptionalNumber('runAsUser') ?? DEFAULT_POD_SETTINGS.runAsUser;
  if (!Number.isInteger(runAsUser) || runAsUser < 1 || runAsUser > 2 ** 31 - 1)
    throw new Error(
      `${PREFIX}.runAsUser must be a uid other than 0 (root), not ${runAsUser}`,
    );
  const minReadySeconds =
    section.getOptionalNumber('minReadySeconds') ??
    DEFAULT_POD_SETTINGS.minReadySeconds;
  if (
    !Number.isInteger(minReadySeconds) ||
    minReadySeconds < 0 ||
    minReadySeconds > 300
  )
    throw new Error(
      `${PREFIX}.minReadySeconds must be a whole number of seconds from 0 to 300`,
    );
  return {
    nodeSelector,
    tolerations,
    runAsUser,
    minReadySeconds,
    allowRoot: readAllowRoot(config),
  };
}

function readToleration(t: Config, where: string): V1Toleration {
  const key = t.getOptionalString('key');
  const operator = t.getOptionalString('operator') ?? 'Equal';
  const value = t.getOptionalString('value');
  const effect = t.getOptionalString('effect');
  const seconds = t.getOptionalNumber('tolerationSeconds');
  if (key !== undefined && (!LABEL_KEY.test(key) || key.length > 317))
    throw new Error(`${where}.key: "${key}" is not a taint key`);
  if (operator !== 'Equal' && operator !== 'Exists')
    throw new Error(`${where}.operator must be Equal or Exists`);
  if (operator === 'Exists' && value)
    throw new Error(`${where}: operator Exists takes no value`);
  if (operator === 'Equal' && key === undefined)
    throw new Error(`${where}: operator Equal needs a key`);
  if (value !== undefined && !LABEL_VALUE.test(value))
    throw new Error(`${where}.value: "${value}" is not a taint value`);
  if (effect !== undefined && !EFFECTS.includes(effect))
    throw new Error(`${where}.effect must be one of ${EFFECTS.join(', ')}`);
  if (seconds !== undefined && (effect !== 'NoExecute' || seconds < 0))
    throw new Error(
      `${where}.tolerationSeconds needs effect NoExecute and a number ≥ 0`,
    );
  return {
    ...(key !== undefined ? { key } : {}),
    operator,
    ...(value !== undefined ? { value } : {}),
    ...(effect !== undefined ? { effect } : {}),
    ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
  };
}

/** The placement part of a pod spec: the app's own node selector (tags) under the platform's. */
export function placement(
  settings: PodSettings,
  appSelector: Record<string, string> = {},
): Pick<V1PodSpec, 'nodeSelector' | 'tolerations'> {
  const merged = { ...appSelector, ...settings.nodeSelector };
  const nodeSelector = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map(k => [k, merged[k]]),
  );
  return {
    ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
    ...(settings.tolerations.length
      ? { tolerations: settings.tolerations.map(t => ({ ...t })) }
      : {}),
  };
}
