import {
  contractProblems,
  operationRoute,
  successStatus,
} from '@internal/slipway-openapi-contract';
import type { SlipwayOpenApi } from '@slipway/plugin-slipway-common';
import { http, HttpResponse, type HttpHandler, type JsonBodyType } from 'msw';

type Operations = SlipwayOpenApi.operations;
/** An operation of the API, by its `operationId` in openapi.yaml. */
export type OperationId = keyof Operations;

type Json<T> = T extends { content: { 'application/json': infer B } }
  ? B
  : never;
type Responses<K extends OperationId> = Operations[K]['responses'];

/** The JSON body an operation takes, as generated from the spec. */
export type RequestBody<K extends OperationId> = Json<
  NonNullable<Operations[K]['requestBody']>
>;
/** What an operation answers on success, as generated from the spec (nothing for a 204). */
export type Answer<K extends OperationId> = {
  [C in keyof Responses<K>]: C extends 200 | 201 | 202
    ? Json<Responses<K>[C]>
    : C extends 204
    ? void
    : never;
}[keyof Responses<K>];
/** The operation's path parameters, as msw hands them over (strings). */
export type PathParams<K extends OperationId> = {
  [P in keyof NonNullable<Operations[K]['parameters']['path']>]: string;
};

export type Served<K extends OperationId> = {
  params: PathParams<K>;
  body: RequestBody<K>;
  url: URL;
  request: Request;
};

/** An error in Backstage's error shape, as the backend's error middleware sends it. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );
}

/**
 * An msw handler for one operation, at the method and path the spec gives it. The request body
 * is checked against the spec first (400, like the backend's validator); then `handle`'s answer:
 * a value is sent with the spec's success status, a `Response` as it is. A request or answer
 * outside the spec goes to `onDrift` (the test fails on it) and the request gets a 400 or 500.
 */
export function serveOperation<K extends OperationId>(
  baseUrl: string,
  operationId: K,
  handle: (
    served: Served<K>,
  ) => Answer<K> | Response | Promise<Answer<K> | Response>,
  onDrift: (problems: string[]) => void,
): HttpHandler {
  const { method, path } = operationRoute(operationId);
  // Compile the answer's schema now, not while the first answer is awaited.
  contractProblems(method, path, successStatus(method, path), undefined);
  return http[method](`${baseUrl}${path}`, async ({ request, params }) => {
    const sent = (
      request.headers.get('content-type')?.includes('json')
        ? await request.clone().json()
        : undefined
    ) as RequestBody<K>;
    const wrongRequest =
      sent === undefined
        ? []
        : contractProblems(method, path, 0, sent, 'request');
    if (wrongRequest.length > 0) {
      onDrift(wrongRequest);
      return errorResponse(400, 'InputError', wrongRequest.join('; '));
    }
    const result = await handle({
      params: params as PathParams<K>,
      body: sent,
      url: new URL(request.url),
      request,
    });
    const status =
      result instanceof Response ? result.status : successStatus(method, path);
    // A value is checked as it goes on the wire without reading a Response's body (that takes
    // event-loop turns, which slowed every answer enough to break timing-sensitive tests).
    const wire = await onTheWire(result);
    // A streamed answer (ndjson, e.g. a followed run) is lines, not the JSON schema's object.
    const streamed =
      result instanceof Response &&
      Boolean(result.headers.get('content-type')?.includes('ndjson'));
    const wrongAnswer = streamed
      ? []
      : contractProblems(method, path, status, wire);
    if (wrongAnswer.length > 0) {
      onDrift(wrongAnswer);
      return errorResponse(
        500,
        'Error',
        `The fake drifted from the API: ${wrongAnswer.join('; ')}`,
      );
    }
    if (result instanceof Response) return result;
    return result === undefined
      ? new HttpResponse(null, { status })
      : HttpResponse.json(wire as JsonBodyType, { status });
  });
}

/** The JSON the client receives for a handler's answer (undefined for none). */
async function onTheWire(result: unknown): Promise<unknown> {
  if (result instanceof Response) {
    const type = result.headers.get('content-type') ?? '';
    // A stream (ndjson) is read by the client as it comes: not read here.
    return type.includes('json') && !type.includes('ndjson')
      ? await result.clone().json()
      : undefined;
  }
  return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}
