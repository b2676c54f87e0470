/** The list with `item` in place of the entry with the same id, or added (last, or first) when it is new. */
export function withSaved<T extends { id: unknown }>(list: readonly T[] | null, item: T, newAt: 'last' | 'first' = 'last'): T[] {
  const current = list ?? [];
  if (current.some((x) => x.id === item.id)) return current.map((x) => (x.id === item.id ? item : x));
  return newAt === 'first' ? [item, ...current] : [...current, item];
}
