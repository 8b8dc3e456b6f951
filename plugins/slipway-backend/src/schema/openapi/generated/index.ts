//
// GENERATED FILE: do not edit. Source: plugins/slipway-backend/src/schema/openapi.yaml; run `npm run openapi:generate`.
//
/* eslint-disable */

export * from './router';
