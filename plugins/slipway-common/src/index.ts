/**
 * Types, validation, permissions and the typed API client shared by Slipway's frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './validation';
export * from './permissions';
export * from './client';
export * from './pipelines';
export * from './events';
/** The types generated from the API's OpenAPI spec (`paths`, `components`, `operations`). */
export type * as SlipwayOpenApi from './schema/openapi/generated/schema';
