import type { Knex } from 'knex';

/** A position in a list: the sort key of one row (one value per sort column). */
export type Key = (string | number)[];

/**
 * Which page of a list to read: `limit` rows after the row with key `after`, or before the row
 * with key `before` (neither: the first page).
 */
export type PageRequest = { limit: number; after?: Key; before?: Key };

/** One page of rows, with the keys to read the pages next to it from (absent at either end). */
export type PageOf<T> = {
  items: T[];
  totalItems: number;
  next?: Key;
  prev?: Key;
};

/**
 * Reads one page by keyset (seek) pagination: the sort columns must identify a row and be
 * indexed, so reading a page deep in the list costs the same as the first (no OFFSET).
 * `query` is the filtered list without order or limit; it is counted for `totalItems`.
 */
export async function readPage<Row>(
  query: Knex.QueryBuilder,
  sort: { columns: string[]; order: 'asc' | 'desc'; keyOf: (row: Row) => Key },
  page: PageRequest,
): Promise<PageOf<Row>> {
  const backward = page.before !== undefined;
  const cursor = page.before ?? page.after;
  const order = backward ? flip(sort.order) : sort.order;
  const rowsQuery = query.clone();
  if (cursor) {
    const op = order === 'asc' ? '>' : '<';
    if (cursor.length !== sort.columns.length) throw new Error('bad key');
    rowsQuery.whereRaw(
      `(${sort.columns.map(() => '??').join(', ')}) ${op} (${cursor
        .map(() => '?')
        .join(', ')})`,
      [...sort.columns, ...cursor],
    );
  }
  const [rows, [{ count }]] = await Promise.all([
    rowsQuery
      .orderBy(sort.columns.map(column => ({ column, order })))
      .limit(page.limit + 1) as Promise<Row[]>,
    query.clone().clearSelect().count({ count: '*' }) as Promise<
      { count: string | number }[]
    >,
  ]);
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  if (backward) items.reverse();
  const first = items[0] && sort.keyOf(items[0]);
  const last = items.length > 0 && sort.keyOf(items[items.length - 1]);
  return {
    items,
    totalItems: Number(count),
    // Coming from a cursor means there are rows on the side we came from.
    next: last && (backward || more) ? last : undefined,
    prev: first && (backward ? more : cursor !== undefined) ? first : undefined,
  };
}

function flip(order: 'asc' | 'desc'): 'asc' | 'desc' {
  return order === 'asc' ? 'desc' : 'asc';
}
