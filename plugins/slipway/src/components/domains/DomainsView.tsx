import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { slipwayApiRef } from '../../api';
import {
  LoadState,
  PermissionNotice,
  useAppPermissions,
  useLoad,
} from '../shared';
import { AutoTlsSwitch } from './AutoTlsSwitch';
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
            <AutoTlsSwitch
              app={app}
              enabled={settings.autoTls}
              permissions={permissions}
              onChange={state.reload}
            />
          </>
        )}
      </LoadState>
    </Box>
  );
}
