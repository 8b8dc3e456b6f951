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
