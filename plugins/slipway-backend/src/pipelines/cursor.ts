import { InputError } from '@backstage/errors';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** Where a page of a list sorted by a unique key starts: after or before a key. */
export type Cursor = { after?: string; before?: string };

/** `limit` and `cursor` query parameters of a keyset-paged list. */
export function cursorOptions(query: Record<string, unknown>): Cursor & {
  limit: number;
} {
  const { cursor } = query;
  // The validated router may already have turned `limit` into a number.
  const limit = query.limit === undefined ? undefined : String(query.limit);
  if (
    limit !== undefined &&
    (typeof limit !== 'string' ||
      !/^\d{1,3}$/.test(limit) ||
      Number(limit) < 1 ||
      Number(limit) > MAX_LIMIT)
  ) {
    throw new InputError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return {
    limit: limit === undefined ? DEFAULT_LIMIT : Number(limit),
    ...(cursor === undefined ? {} : decodeCursor(cursor)),
  };
}

/** Opaque to clients: base64url of `{"a": key}` (next page) or `{"b": key}` (previous page). */
export function encodeCursor(cursor: Cursor): string {
  const body =
    cursor.before !== undefined ? { b: cursor.before } : { a: cursor.after };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeCursor(value: unknown): Cursor {
  try {
    if (typeof value !== 'string' || value.length > 400) throw new Error();
    const body = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof body?.a === 'string') return { after: body.a };
    if (typeof body?.b === 'string') return { before: body.b };
  } catch {
    // fall through
  }
  throw new InputError('cursor is not a cursor this list handed out');
}

/**
 * Turns a store's page (up to limit + 1 rows, in the direction of the cursor) into the API's
 * `{ items, totalItems, pageInfo }`, keyed by `keyOf`.
 */
export function toCursorPage<T>(
  rows: T[],
  total: number,
  options: Cursor & { limit: number },
  keyOf: (row: T) => string,
) {
  const backwards = options.before !== undefined;
  const more = rows.length > options.limit;
  const items = rows.slice(0, options.limit);
  if (backwards) items.reverse();
  const first = items[0];
  const last = items[items.length - 1];
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : options.after !== undefined;
  return {
    items,
    totalItems: total,
    pageInfo: {
      ...(hasNext && last
        ? { nextCursor: encodeCursor({ after: keyOf(last) }) }
        : {}),
      ...(hasPrev && first
        ? { prevCursor: encodeCursor({ before: keyOf(first) }) }
        : {}),
    },
  };
}
