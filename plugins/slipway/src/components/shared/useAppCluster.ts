import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { slipwayApiRef } from '../../api';

/** The cluster of apps that run on the backend's machine (the local runtime). */
export const LOCAL_CLUSTER = 'local';

/** Why deploying an image cannot work for an app on the local runtime. */
export const LOCAL_IMAGE_REASON =
  'This app runs on the local runtime, which runs only what Slipway builds from a git push. Deploying an image needs a Kubernetes cluster.';

/** Where the app runs: `isLocal` is undefined until known. */
export function useAppCluster(app: string) {
  const api = useApi(slipwayApiRef);
  const details = useAsync(() => api.getApp(app), [api, app]);
  const cluster = details.value?.cluster;
  return {
    cluster,
    isLocal: cluster === undefined ? undefined : cluster === LOCAL_CLUSTER,
    /** Whether the platform lets apps run as root (`slipway.kubernetes.pods.allowRoot`); undefined until known. */
    rootAllowed: details.value?.rootAllowed,
  };
}

/** Why the Run as root switch is off and disabled. */
export const ROOT_NOT_ALLOWED_REASON =
  'Not allowed on this platform: apps run as non-root unless the operator sets slipway.kubernetes.pods.allowRoot.';

/** Why autoscaling cannot work for an app on the local runtime (the API refuses it, naming the runtime). */
export const LOCAL_AUTOSCALE_REASON =
  'This app runs on the local runtime, which cannot autoscale. Autoscaling needs a Kubernetes cluster (a HorizontalPodAutoscaler per process type).';
