export { createKubernetesRuntime } from './createKubernetesRuntime';
export { KubernetesRuntime } from './KubernetesRuntime';
export { readKubernetesSettings, pickCluster } from '../../kubernetes/config';
export type { KubernetesSettings } from '../../kubernetes/config';
