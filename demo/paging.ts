/** One page of a long list, and where it sits in the whole: what a pager shows and needs. */
export interface Page<T> {
  items: T[];
  /** The page shown, from 1 (clamped into range). */
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last item shown (0 and 0 when the list is empty). */
  first: number;
  last: number;
  total: number;
}

export function pageOf<T>(items: readonly T[], page: number, size: number): Page<T> {
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (current - 1) * size;
  const shown = items.slice(start, start + size);
  return { items: shown, page: current, pageCount, first: shown.length ? start + 1 : 0, last: start + shown.length, total };
}
