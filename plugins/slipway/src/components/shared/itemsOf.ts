/** The items of a list answer, paged (`{ items }`) or not (an array). */
export function itemsOf<T>(list: T[] | { items: T[] }): T[] {
  return Array.isArray(list) ? list : list.items;
}
