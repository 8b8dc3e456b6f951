import { readDurationFromConfig, type Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

/**
 * `slipway.local.builder` from app-config. (Not `slipway.builder.local`: `slipway.builder` is the
 * string that picks the build executor; like the local runtime's `slipway.local`, the local
 * builder's settings live in the one-machine platform's section.)
 */
export type LocalBuilderSettings = {
  /** A build that takes longer is stopped and fails. */
  timeoutMs: number;
  /** Passed to npm as its `registry` setting. */
  npmRegistry?: string;
  /** Further npm settings (`fetch-retries`, `strict-ssl`, ...), passed as `npm_config_<name>`. */
  npmConfig: Record<string, string>;
  /** Passed to pip as `PIP_INDEX_URL`. */
  pipIndexUrl?: string;
};

const DEFAULT_TIMEOUT_MS = 15 * 60 * 1000;
const NPM_SETTING_NAME = /^[a-z][a-z0-9-]*$/;

export function readLocalBuilderSettings(config: Config): LocalBuilderSettings {
  const section = config.getOptionalConfig('slipway.local.builder');
  const timeoutMs = section?.has('timeout')
    ? durationToMilliseconds(
        readDurationFromConfig(section, { key: 'timeout' }),
      )
    : DEFAULT_TIMEOUT_MS;
  const npmConfig: Record<string, string> = {};
  const npmSection = section?.getOptionalConfig('npmConfig');
  for (const name of npmSection?.keys() ?? []) {
    // The name becomes part of an environment variable name: letters, digits and hyphens only.
    if (!NPM_SETTING_NAME.test(name)) {
      throw new InputError(
        `slipway.local.builder.npmConfig: "${name}" is not an npm setting name`,
      );
    }
    npmConfig[name] = String(npmSection!.get(name));
  }
  return {
    timeoutMs,
    npmRegistry: section?.getOptionalString('npmRegistry'),
    npmConfig,
    pipIndexUrl: section?.getOptionalString('pipIndexUrl'),
  };
}
