import { useState } from 'react';

/**
 * Page numbers over a cursor-paged list (`pageInfo.nextCursor`), for a `TablePagination` that moves one
 * page at a time: keeps the cursor of every page seen, so going back returns to exactly that page.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  return {
    page,
    cursor: cursors[page],
    /** Goes to page `to`, given the shown page's `pageInfo.nextCursor`. */
    goTo(to: number, nextCursor?: string) {
      if (to > page && nextCursor) setCursors([...cursors, nextCursor]);
      else if (to < page) setCursors(cursors.slice(0, to + 1));
    },
  };
}
