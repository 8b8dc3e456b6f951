export { createKubernetesRuntime } from './createKubernetesRuntime';
export { KubernetesRuntime } from './KubernetesRuntime';
export { readKubernetesSettings, pickCluster } from './config';
export type { KubernetesSettings } from './config';
