import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  LoadState,
  PermissionNotice,
  useAction,
  useAppPermissions,
  useLoad,
} from '../shared';
import { CertsSection } from './CertsSection';
import { DomainsSection } from './DomainsSection';

/** Custom domains, TLS certificates and automatic TLS. */
export function DomainsView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const permissions = useAppPermissions(app);
  const state = useLoad(async () => {
    const [domains, certs, settings] = await Promise.all([
      api.listDomains(app),
      api.listCerts(app),
      api.getSettings(app),
    ]);
    return { domains, certs, settings };
  }, [api, app]);
  const autoTls = useAction(
    (enabled: boolean) => api.patchSettings(app, { autoTls: enabled }),
    s => `Automatic TLS ${s.autoTls ? 'on' : 'off'}`,
    () => state.reload(),
  );

  return (
    <Box>
      <PermissionNotice
        allowed={permissions.canUpdate}
        loading={permissions.loading}
        reason={permissions.reason('change its domains and certificates')}
      />
      <LoadState {...state}>
        {({ domains, certs, settings }) => (
          <>
            <DomainsSection
              app={app}
              domains={domains}
              certs={certs}
              permissions={permissions}
              onChange={state.reload}
            />
            <CertsSection
              app={app}
              certs={certs}
              permissions={permissions}
              onChange={state.reload}
            />
            <Box mt={4}>
              <Typography variant="h6" component="h2">
                Automatic TLS
              </Typography>
              <FormControlLabel
                control={
                  <Switch
                    checked={settings.autoTls}
                    disabled={!permissions.canUpdate || autoTls.pending}
                    onChange={e => autoTls.run(e.target.checked)}
                  />
                }
                label="Automatic TLS"
              />
              <Typography variant="body2" color="textSecondary">
                The router obtains and renews certificates for domains that have
                none attached.
              </Typography>
              <ActionStatus state={autoTls.state} label="Saving" />
            </Box>
          </>
        )}
      </LoadState>
    </Box>
  );
}
