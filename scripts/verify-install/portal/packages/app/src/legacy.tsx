/*
 * The legacy frontend system, type checked only (the bundle uses the new system): the
 * exports the README tells legacy apps to put on their entity page and routes.
 */
import { EntitySwitch } from '@backstage/plugin-catalog';
import {
  EntitySlipwayContent,
  EntitySlipwayOverviewCard,
  isSlipwayApp,
  SlipwayAppsPage,
} from '@slipway/plugin-slipway';

export const slipwayOverviewCard = (
  <EntitySwitch>
    <EntitySwitch.Case if={isSlipwayApp}>
      <EntitySlipwayOverviewCard />
    </EntitySwitch.Case>
  </EntitySwitch>
);

export const slipwayContent = <EntitySlipwayContent />;

export const slipwayAppsPage = <SlipwayAppsPage />;
