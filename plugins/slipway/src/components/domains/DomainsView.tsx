import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { slipwayApiRef } from '../../api';
import {
  appChannel,
  LoadState,
  PermissionNotice,
  useAppPermissions,
  useLiveLoad,
} from '../shared';
import { AutoTlsSwitch } from './AutoTlsSwitch';
import { CertsSection } from './CertsSection';
import { DomainsSection } from './DomainsSection';

/** Custom domains, TLS certificates and automatic TLS; live (a change made elsewhere shows at once). */
export function DomainsView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const permissions = useAppPermissions(app);
  const state = useLiveLoad(
    async () => {
      const [domains, certs, settings, details] = await Promise.all([
        api.listDomains(app),
        api.listCerts(app),
        api.getSettings(app),
        api.getApp(app),
      ]);
      return { domains, certs, settings, url: details.url };
    },
    [api, app],
    { channel: appChannel(app) },
  );

  return (
    <Box>
      <PermissionNotice
        allowed={permissions.canUpdate}
        loading={permissions.loading}
        reason={permissions.reason('change its domains and certificates')}
      />
      <LoadState {...state}>
        {({ domains, certs, settings, url }) => (
          <>
            <DomainsSection
              app={app}
              domains={domains}
              certs={certs}
              appUrl={url}
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
