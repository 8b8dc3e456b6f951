import { useState } from 'react';

let next = 0;

/** A stable, unique DOM id (for aria-labelledby); works on React 17 and 18. */
export function useDomId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${++next}`);
  return id;
}
