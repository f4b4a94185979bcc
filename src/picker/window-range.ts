/**
 * Pure arithmetic for a fixed-row-height windowed list. Kept free of the DOM so it can be reasoned
 * about (and tested) without layout.
 */

/** Half-open range `[start, end)` of row indexes to render. */
export interface WindowRange {
  start: number;
  end: number;
}

export interface Viewport {
  /** Rows in the whole list. */
  total: number;
  /** Height of one row, in CSS pixels; must be positive. */
  rowHeight: number;
  /** The scroll container's `scrollTop`. */
  scrollTop: number;
  /** The scroll container's `clientHeight` (0 before layout). */
  viewportHeight: number;
  /** Rows rendered beyond each edge so fast scrolling does not show blank space. */
  overscan: number;
}

/**
 * The rows that intersect the viewport, plus `overscan` rows on each side, clamped to the list.
 * The count depends only on the viewport, never on `total`, which is what bounds the DOM.
 */
export function windowRange({ total, rowHeight, scrollTop, viewportHeight, overscan }: Viewport): WindowRange {
  if (total <= 0 || !(rowHeight > 0)) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(total - 1, Math.floor(top / rowHeight));
  const visible = Math.max(1, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) - first);
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + visible + overscan);
  return { start, end };
}

/**
 * The `scrollTop` that brings row `index` fully into view while moving as little as possible
 * (the behaviour of `scrollIntoView({ block: 'nearest' })`, but computable for a row that is not
 * rendered yet).
 */
export function scrollTopToReveal(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}

/** Rows that PageUp/PageDown move by: the rows that fit in the viewport, at least one. */
export function pageSize(rowHeight: number, viewportHeight: number): number {
  if (!(rowHeight > 0)) return 1;
  return Math.max(1, Math.floor(viewportHeight / rowHeight));
}

/** Clamps a keyboard move to the list: `-1` (no option) stays possible only for an empty list. */
export function clampIndex(index: number, total: number): number {
  if (total <= 0) return -1;
  return Math.min(total - 1, Math.max(0, index));
}
