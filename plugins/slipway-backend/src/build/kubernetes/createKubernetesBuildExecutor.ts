import type { BuildExecutor } from '@slipway/plugin-slipway-node';
import type { BuildExecutorFactory } from '../../platform/types';
import { KubeClient } from '../../kubernetes/KubeClient';
import { pickCluster, readKubernetesSettings } from '../../kubernetes/config';
import { readSourceLimits } from '../source';
import { readKubernetesBuildSettings } from './config';
import { KubernetesBuildExecutor } from './KubernetesBuildExecutor';

/**
 * The `kubernetes` build executor, configured by `slipway.kubernetes.build` (see docs/kubernetes.md).
 * Without a usable build configuration the backend still starts (deploying prebuilt images needs no
 * builds), warns, and refuses every push with the missing setting.
 */
export const createKubernetesBuildExecutor: BuildExecutorFactory = ({
  config,
  logger,
  buildSources,
}) => {
  try {
    if (!buildSources) {
      throw new Error('the backend serves no build sources');
    }
    const settings = readKubernetesBuildSettings(config);
    const kubernetes = readKubernetesSettings(config);
    const cluster = pickCluster(kubernetes, settings.cluster);
    return new KubernetesBuildExecutor(
      settings,
      new KubeClient(cluster.kubeConfig, kubernetes.retry),
      buildSources,
      logger.child({ component: 'kubernetes-build' }),
      kubernetes.podSecurity,
      readSourceLimits(config),
      kubernetes.pods,
    );
  } catch (error) {
    const problem = `builds on Kubernetes are not configured: ${
      (error as Error).message
    }`;
    logger.warn(`git push will be refused: ${problem}`);
    const refuse: BuildExecutor = {
      build: async () => {
        throw new Error(problem);
      },
    };
    return refuse;
  }
};
