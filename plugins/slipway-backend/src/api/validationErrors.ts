import { InputError } from '@backstage/errors';
import type { ErrorRequestHandler, Router } from 'express';

/** What express-openapi-validator (under the generated router) attaches to a 400: one entry per problem. */
type ValidatorError = Error & {
  status?: number;
  errors?: { path?: string; message?: string; errorCode?: string }[];
};

/**
 * Rewrites the validator's 400s so that each names its field: "body/replicas must be integer",
 * "body/domain is required", "body/color is not a field of this request", "body/to must not be
 * empty". Its own message says
 * "request/body must NOT have additional properties" without the field, and Backstage's
 * transformer after it keeps only that message, so this runs in between.
 */
export function nameFieldsInValidationErrors(router: Router): void {
  const readable: ErrorRequestHandler = (error: ValidatorError, _r, _s, next) =>
    next(
      error.status === 400 && error.errors?.every(isSchemaProblem)
        ? new InputError(error.errors.map(describe).join('; '))
        : error,
    );
  router.use(readable);
  const stack = router.stack as { handle: Function }[];
  const added = stack.pop()!;
  // Backstage's transformer is the first error handler (4 arguments), right after the validator.
  const transformer = stack.findIndex(layer => layer.handle.length === 4);
  if (transformer < 0) {
    throw new Error(
      'The generated OpenAPI router has no validator error handler to precede',
    );
  }
  stack.splice(transformer, 0, added);
}

function isSchemaProblem(problem: {
  errorCode?: string;
}): problem is { path: string; message: string; errorCode: string } {
  return !!problem.errorCode?.endsWith('.openapi.validation');
}

function describe(problem: {
  path: string;
  message: string;
  errorCode: string;
}): string {
  const field = problem.path.replace(/^[/.]/, '');
  if (problem.errorCode === 'required.openapi.validation')
    return `${field} is required`;
  if (problem.errorCode === 'additionalProperties.openapi.validation')
    return `${field} is not a field of this request`;
  // "must NOT have fewer than 1 properties" (or items): say it plainly.
  return `${field} ${problem.message.replace(
    /^must NOT have fewer than 1 \w+$/,
    'must not be empty',
  )}`;
}
