import { ResponseError } from '@backstage/errors';

/**
 * The message to show a user for a failed call: the API's own message
 * (from Backstage's error shape) rather than "Request failed with 400".
 */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    const body = error.body as { error?: { message?: string } } | undefined;
    return body?.error?.message || error.cause.message || error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
