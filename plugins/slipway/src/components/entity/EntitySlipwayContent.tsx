import { useSlipwayAppName } from '../../annotations';
import { AppSections } from './AppSections';

/** The Slipway tab of an app's entity page. */
export function EntitySlipwayContent() {
  return <AppSections app={useSlipwayAppName()} />;
}
