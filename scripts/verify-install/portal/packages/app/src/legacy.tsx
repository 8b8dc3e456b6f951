/*
 * The legacy frontend system, type checked only (the bundle uses the new system): the README's
 * snippets for legacy apps, composed as a legacy app's routes and entity page would use them.
 */
import { Route } from 'react-router-dom';
import { EntityLayout, EntitySwitch } from '@backstage/plugin-catalog';
import {
  EntitySlipwayContent,
  EntitySlipwayOverviewCard,
  isSlipwayApp,
  SlipwayAppsPage,
} from '@slipway/plugin-slipway';

export const slipwayRoute = (
  <Route path="/slipway" element={<SlipwayAppsPage />} />
);

export const componentPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <EntitySwitch>
        <EntitySwitch.Case if={isSlipwayApp}>
          <EntitySlipwayOverviewCard />
        </EntitySwitch.Case>
      </EntitySwitch>
    </EntityLayout.Route>
    <EntityLayout.Route path="/slipway" title="Slipway" if={isSlipwayApp}>
      <EntitySlipwayContent />
    </EntityLayout.Route>
  </EntityLayout>
);
