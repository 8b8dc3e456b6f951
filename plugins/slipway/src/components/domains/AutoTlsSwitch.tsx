import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  useAction,
  useAppCluster,
  type AppPermissions,
} from '../shared';

/** Why automatic TLS cannot work for an app on the local runtime. */
export const LOCAL_AUTO_TLS_REASON =
  'Automatic TLS needs a Kubernetes cluster with cert-manager; this app runs on the local runtime, whose router does not obtain certificates. Upload a certificate above instead.';

/** Automatic TLS (cert-manager on Kubernetes); disabled, with the reason, where nothing applies it. */
export function AutoTlsSwitch(props: {
  app: string;
  enabled: boolean;
  permissions: AppPermissions;
  onChange(): void;
}) {
  const { app, enabled, permissions } = props;
  const api = useApi(slipwayApiRef);
  const { isLocal } = useAppCluster(app);
  const autoTls = useAction(
    (on: boolean) => api.patchSettings(app, { autoTls: on }),
    s => `Automatic TLS ${s.autoTls ? 'on' : 'off'}`,
    props.onChange,
  );
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Automatic TLS
      </Typography>
      <FormControlLabel
        control={
          <Switch
            checked={enabled}
            disabled={
              !permissions.canUpdate || autoTls.pending || isLocal !== false
            }
            onChange={e => autoTls.run(e.target.checked)}
          />
        }
        label="Automatic TLS"
      />
      <Typography variant="body2" color="textSecondary">
        {isLocal
          ? LOCAL_AUTO_TLS_REASON
          : 'The router obtains and renews certificates for domains that have none attached.'}
      </Typography>
      <ActionStatus state={autoTls.state} label="Saving" />
    </Box>
  );
}
