import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  ROOT_NOT_ALLOWED_REASON,
  useAction,
  useAppCluster,
  type AppPermissions,
} from '../shared';

/**
 * The app's escape from non-root (setting `runAsNonRoot: false`, Kubernetes only): for an image that must run
 * as root. Off by default; turning it on weakens the app's isolation, so the text says what changes. Root is the
 * platform's decision (`slipway.kubernetes.pods.allowRoot`): where it is not allowed the switch cannot be turned
 * on and says so (it can still be turned off for an app that stored it earlier).
 */
export function RunAsRootSwitch(props: {
  app: string;
  runAsNonRoot: boolean;
  permissions: AppPermissions;
  onChange(): void;
}) {
  const { app, runAsNonRoot, permissions } = props;
  const api = useApi(slipwayApiRef);
  // Known from the app's details; until then the backend's answer (a 400 naming the setting) is the guard.
  const notAllowed = useAppCluster(app).rootAllowed === false;
  const root = useAction(
    (asRoot: boolean) => api.patchSettings(app, { runAsNonRoot: !asRoot }),
    s =>
      s.runAsNonRoot
        ? 'Processes now run as non-root'
        : 'Processes now run as the image’s user, root allowed',
    props.onChange,
  );
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Security
      </Typography>
      <FormControlLabel
        control={
          <Switch
            checked={!runAsNonRoot}
            disabled={
              !permissions.canUpdate ||
              root.pending ||
              (notAllowed && runAsNonRoot)
            }
            onChange={e => root.run(e.target.checked)}
          />
        }
        label="Run as root"
      />
      {notAllowed && (
        <Typography variant="body2" color="textSecondary">
          {ROOT_NOT_ALLOWED_REASON}
          {runAsNonRoot
            ? ''
            : ` ${app} asked for root earlier; it runs as non-root anyway.`}
        </Typography>
      )}
      <Typography variant="body2" color="textSecondary">
        {runAsNonRoot || notAllowed
          ? `On Kubernetes, ${app}'s processes run as uid 1000 with a read-only file system except /tmp and HOME, under Pod Security "restricted". Turn this on only for an image that must run as root.`
          : `On Kubernetes, ${app}'s processes run as the image's user, which may be root, with a writable file system, under Pod Security "baseline".`}
      </Typography>
      <ActionStatus state={root.state} label="Saving" />
    </Box>
  );
}
