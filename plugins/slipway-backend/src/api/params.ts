import { InputError } from '@backstage/errors';
import type { PageOptions } from '../ledger';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** `offset`/`limit` query parameters of paged lists. */
export function pageOptions(query: Record<string, unknown>): PageOptions {
  return {
    offset:
      wholeNumber('offset', query.offset, 0, Number.MAX_SAFE_INTEGER) ?? 0,
    limit: wholeNumber('limit', query.limit, 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
  };
}

function wholeNumber(
  name: string,
  value: unknown,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'string' ||
    !/^\d{1,15}$/.test(value) ||
    Number(value) < min ||
    Number(value) > max
  ) {
    throw new InputError(
      `${name} must be a whole number from ${min} to ${max}`,
    );
  }
  return Number(value);
}
