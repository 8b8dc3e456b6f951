import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import slipwayPlugin from '@slipway/plugin-slipway/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Other plugins (scaffolder, kubernetes, org, user settings) are discovered from this
// package's dependencies (`app.packages: all`). Catalog, Slipway and notifications (whose
// sidebar item the nav renders) are also listed here so the app is complete without
// discovery (tests); a feature listed twice is installed once.
export default createApp({
  features: [
    catalogPlugin,
    slipwayPlugin,
    notificationsPlugin,
    navModule,
    signInModule,
  ],
});
