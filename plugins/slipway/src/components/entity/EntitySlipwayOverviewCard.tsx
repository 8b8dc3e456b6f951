import { useSlipwayAppName } from '../../annotations';
import { OverviewCard } from '../overview/OverviewCard';

/** The app's overview card, for the entity's Overview tab. */
export function EntitySlipwayOverviewCard() {
  return <OverviewCard app={useSlipwayAppName()} />;
}
