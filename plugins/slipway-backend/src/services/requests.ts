import type { SlipwayOpenApi } from '@slipway/plugin-slipway-common';

type Operations = SlipwayOpenApi.operations;

/**
 * The JSON body of an operation of the REST API, typed from `schema/openapi.yaml`. The generated
 * router refuses a body of another shape with 400 before a service runs, so services check only
 * what a schema cannot say: reserved names, the platform domain, PEM contents, configured limits,
 * keys a user chooses (config keys, process types, label keys), and rules across fields.
 */
export type RequestBody<Op extends keyof Operations> = NonNullable<
  Operations[Op]['requestBody']
>['content']['application/json'];
