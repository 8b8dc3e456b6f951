import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { slipwayApiRef } from '../../api';
import { ActionStatus, useAction, type AppPermissions } from '../shared';

/**
 * Automatic TLS: cert-manager on Kubernetes, ACME by the builtin or nginx router on the local
 * runtime. Where nothing applies it the API refuses it and says why.
 */
export function AutoTlsSwitch(props: {
  app: string;
  enabled: boolean;
  permissions: AppPermissions;
  onChange(): void;
}) {
  const { app, enabled, permissions } = props;
  const api = useApi(slipwayApiRef);
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
            disabled={!permissions.canUpdate || autoTls.pending}
            onChange={e => autoTls.run(e.target.checked)}
          />
        }
        label="Automatic TLS"
      />
      <Typography variant="body2" color="textSecondary">
        The router obtains and renews certificates (ACME, e.g. Let&apos;s
        Encrypt, or cert-manager on Kubernetes) for domains that have none
        attached.
      </Typography>
      <ActionStatus state={autoTls.state} label="Saving" />
    </Box>
  );
}
