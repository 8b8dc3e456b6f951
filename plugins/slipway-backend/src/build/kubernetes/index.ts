export { createKubernetesBuildExecutor } from './createKubernetesBuildExecutor';
export { KubernetesBuildExecutor } from './KubernetesBuildExecutor';
export {
  readKubernetesBuildSettings,
  type KubernetesBuildSettings,
} from './config';
