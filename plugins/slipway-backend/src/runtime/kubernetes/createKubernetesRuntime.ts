import type { RuntimeFactory } from '../../platform/types';
import { readKubernetesSettings } from '../../kubernetes/config';
import { KubernetesRuntime } from './KubernetesRuntime';

/** The `kubernetes` runtime, configured by `slipway.kubernetes` (see docs/kubernetes.md). */
export const createKubernetesRuntime: RuntimeFactory = ({ config, logger }) =>
  new KubernetesRuntime(readKubernetesSettings(config), logger);
