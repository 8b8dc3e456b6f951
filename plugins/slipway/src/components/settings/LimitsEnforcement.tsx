import Typography from '@material-ui/core/Typography';
import { useAppCluster } from '../shared';

/**
 * What the limits do where the app runs, so nobody sets one believing it holds when it does not:
 * the local runtime enforces them through cgroups (and refuses them, saying why, where it cannot);
 * Kubernetes sets them on the app's containers.
 */
export function LimitsEnforcement(props: { app: string }) {
  const { isLocal } = useAppCluster(props.app);
  if (isLocal === undefined) return null;
  return (
    <Typography variant="body2" color="textSecondary" paragraph>
      {isLocal
        ? 'Enforced on this machine through cgroups: a process over its memory limit is killed (its log says "out of memory") and its CPU is throttled to the limit. Empty means the platform\'s default (512Mi and 1 CPU unless the operator set others). Where the backend cannot use cgroups (not running as root) it does not enforce limits, and setting one is refused with that reason.'
        : "Set as the limits of the app's containers in the cluster: Kubernetes kills a container over its memory limit and throttles its CPU. Empty means no limit."}
    </Typography>
  );
}
