import type {
  AppSettings,
  ProcessLimits,
} from '@slipway/plugin-slipway-common';
import type { AppDesiredState } from '@slipway/plugin-slipway-node';
import type { PlatformDeps } from '../../../platform/types';
import { FakeKubernetesApi, FakeKubernetesOptions } from './FakeKubernetesApi';
import { DEFAULT_SETTINGS as APP_DEFAULTS } from '../../../domain/defaults';
import { platformDeps } from '../../../kubernetes/__testUtils__/platformDeps';

/** Platform deps whose `slipway.kubernetes` points at `fake` (fast retries; extra config merged in). */
export function fakePlatformDeps(
  fake: FakeKubernetesApi,
  extra: Record<string, unknown> = {},
  platformDomain = 'apps.example.test',
): PlatformDeps {
  return platformDeps(fake.clusterConfig(), extra, platformDomain);
}

export async function startFake(options?: FakeKubernetesOptions) {
  return FakeKubernetesApi.start(options);
}

/** Settings of a new app, with a shorter deploy timeout for tests. */
export const DEFAULT_SETTINGS: AppSettings = {
  ...APP_DEFAULTS,
  connectTimeout: 30,
  deployTimeout: 20,
};

type ReleaseInput = {
  version: number;
  image: string;
  procfile?: Record<string, string>;
  values?: Record<string, string>;
  limits?: Record<string, ProcessLimits>;
  tags?: Record<string, string>;
  healthchecks?: NonNullable<
    AppDesiredState['release']
  >['config']['healthchecks'];
};

/** A release as the reconciler hands it to the runtime. */
export function release(
  app: string,
  input: ReleaseInput,
): NonNullable<AppDesiredState['release']> {
  return {
    version: input.version,
    build: {
      id: `build-${input.version}`,
      app,
      image: input.image,
      procfile: input.procfile ?? {},
      status: 'succeeded',
      createdBy: 'user:default/jane',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    config: {
      values: input.values ?? {},
      limits: input.limits ?? {},
      tags: input.tags ?? {},
      healthchecks: input.healthchecks ?? {},
    },
  };
}

export function desiredState(
  app: string,
  current: AppDesiredState['release'],
  structure: Record<string, number>,
  more: Partial<AppDesiredState> = {},
): AppDesiredState {
  return {
    app,
    owner: 'group:default/team-a',
    cluster: 'fake',
    release: current,
    structure,
    settings: DEFAULT_SETTINGS,
    ...more,
  };
}
