import { prepareSearchIndex, type SearchIndex } from '../catalog/index.js';

const warmed = new WeakSet<SearchIndex>();

/**
 * Prepares a search index while the browser is idle. The catalog layer folds names on the first
 * search (so the first render stays fast); without this, the person's first keystroke would pay
 * for folding the whole catalog (milliseconds at 10,000 services). Runs once per index,
 * shared by every picker using it.
 */
export function warmSearchIndex(index: SearchIndex): void {
  if (warmed.has(index)) return;
  warmed.add(index);
  const run = (): void => prepareSearchIndex(index);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 50);
}
