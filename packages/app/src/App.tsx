import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import slipwayPlugin from '@slipway/plugin-slipway/alpha';
import { navModule } from './modules/nav';

// Other plugins (scaffolder, kubernetes, org, user settings) are discovered from this
// package's dependencies (`app.packages: all`). Catalog and Slipway are also listed here so
// the app is complete without discovery (tests); a feature listed twice is installed once.
export default createApp({
  features: [catalogPlugin, slipwayPlugin, navModule],
});
