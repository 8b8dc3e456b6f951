import { InputError } from '@backstage/errors';
import type { PageQuery } from '@slipway/plugin-slipway-common';
import type { Key, PageOf, PageRequest } from '../ledger';

const DEFAULT_LIMIT = 50;

/** The kinds of the values of a list's sort key, to check a cursor a client sends back. */
export type KeyShape = ('string' | 'number')[];

/**
 * Turns `limit` and an opaque `cursor` into a page request. A cursor is the base64url of
 * `{"after": key}` or `{"before": key}`; anything else is refused (400).
 */
export function pageRequest(query: PageQuery, shape: KeyShape): PageRequest {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (query.cursor === undefined) return { limit };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(query.cursor, 'base64url').toString());
  } catch {
    parsed = undefined;
  }
  const { after, before } = (parsed ?? {}) as { after?: Key; before?: Key };
  const key = after ?? before;
  if (
    typeof parsed !== 'object' ||
    Object.keys(parsed ?? {}).length !== 1 ||
    !Array.isArray(key) ||
    key.length !== shape.length ||
    key.some((value, i) => typeof value !== shape[i])
  ) {
    throw new InputError('cursor is not a cursor of this list');
  }
  return after ? { limit, after } : { limit, before: key };
}

/** The cursors of the pages next to `page`. */
export function pageInfo(page: PageOf<unknown>): {
  nextCursor?: string;
  prevCursor?: string;
} {
  return {
    ...(page.next ? { nextCursor: encode({ after: page.next }) } : {}),
    ...(page.prev ? { prevCursor: encode({ before: page.prev }) } : {}),
  };
}

function encode(position: { after: Key } | { before: Key }): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}
