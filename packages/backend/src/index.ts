/*
 * The Slipway development portal's backend: Backstage with the catalog, the scaffolder,
 * the Kubernetes plugin, guest sign-in, the permission framework and the Slipway plugins.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for local use
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// development only: sign in as another development user (to approve a guest's promotion)
backend.add(import('./developmentUsers'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));

// permissions, with the portal's policy: owners may do everything to their apps, others may read
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@slipway/plugin-permission-backend-module-slipway'));

// kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));

// events: Backstage's events service carries events between backend instances through this
// backend's bus (on PostgreSQL), so signals reach pages open on any replica
backend.add(import('@backstage/plugin-events-backend'));

// notifications (Slipway tells approvers, requesters and owners)
backend.add(import('@backstage/plugin-notifications-backend'));
// signals: pushes app changes to open portal pages
backend.add(import('@backstage/plugin-signals-backend'));

// slipway
backend.add(import('@slipway/plugin-slipway-backend'));
backend.add(import('@slipway/plugin-scaffolder-backend-module-slipway'));
backend.add(import('@slipway/plugin-catalog-backend-module-slipway'));

// Slipway's, the catalog's and the scaffolder's actions as MCP tools (/api/mcp-actions/v1)
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
