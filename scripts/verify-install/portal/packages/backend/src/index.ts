/*
 * A stock Backstage backend with the Slipway plugins added as the README's
 * "Install into your Backstage" section says.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@slipway/plugin-slipway-backend'));
backend.add(import('@slipway/plugin-scaffolder-backend-module-slipway'));
backend.add(import('@slipway/plugin-catalog-backend-module-slipway'));

backend.start();
