import type { BuildExecutorFactory } from '../../platform/types';
import { KubeClient } from '../../runtime/kubernetes/KubeClient';
import {
  pickCluster,
  readKubernetesSettings,
} from '../../runtime/kubernetes/config';
import { readKubernetesBuildSettings } from './config';
import { KubernetesBuildExecutor } from './KubernetesBuildExecutor';

/** The `kubernetes` build executor, configured by `slipway.kubernetes.build` (see docs/kubernetes.md). */
export const createKubernetesBuildExecutor: BuildExecutorFactory = ({
  config,
  logger,
  buildSources,
}) => {
  if (!buildSources) {
    throw new Error(
      'The kubernetes build executor needs the backend to serve build sources',
    );
  }
  const settings = readKubernetesBuildSettings(config);
  const kubernetes = readKubernetesSettings(config);
  const cluster = pickCluster(kubernetes, settings.cluster);
  return new KubernetesBuildExecutor(
    settings,
    new KubeClient(cluster.kubeConfig, kubernetes.retry),
    buildSources,
    logger.child({ component: 'kubernetes-build' }),
  );
};
