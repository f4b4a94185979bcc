import { foldText, foldWithOffsets, type FoldedText } from './fold.js';
import type { Service } from './types.js';

export { foldText } from './fold.js';

/** One service that matches a query. */
export interface SearchHit {
  service: Service;
  /** Position of the service in `index.services`. */
  index: number;
  /** What matched, as offsets in the ORIGINAL `service.name`: sorted, not overlapping, not touching. */
  ranges: Array<[start: number, end: number]>;
}

/**
 * Services with their names folded once, ready for {@link searchServices} on every keystroke.
 *
 * Folds names on first use rather than up front: the first screen of a large catalog is shown
 * with an empty query, which needs no folding, so loading does not wait for it. Remembers the
 * last search so a query that only grows (typing) scans the previous matches, not the catalog.
 */
export class SearchIndex {
  #folded: string[] | undefined;
  /** The last non-empty search: its folded query and the positions of its matches. */
  last: { query: string; positions: Int32Array } | undefined;

  constructor(readonly services: readonly Service[]) {}

  /** Folded names, in the order of `services`. */
  get names(): readonly string[] {
    this.#folded ??= this.services.map((service) => foldText(service.name));
    return this.#folded;
  }
}

/**
 * An index of `services` for {@link searchServices}. Names are folded once (on the first
 * non-empty search); a keystroke costs no folding, regex or allocation per service.
 */
export function buildSearchIndex(services: readonly Service[]): SearchIndex {
  return new SearchIndex(services);
}

/**
 * Folds every name now rather than on the first search: call it when the browser is idle so the
 * person's first keystroke does not pay for it.
 */
export function prepareSearchIndex(index: SearchIndex): void {
  void index.names;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isLetterOrDigit(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  return LETTER_OR_DIGIT.test(text[offset] ?? '');
}

/** A word of the name begins here: a letter or digit after anything else. */
function startsAWord(text: string, offset: number): boolean {
  return isLetterOrDigit(text, offset) && (offset === 0 || !isLetterOrDigit(text, offset - 1));
}

/**
 * A hit whose `ranges` are worked out when first read: a one-letter query can match thousands of
 * services, of which only the few on screen are ever highlighted (and need the offset maps).
 */
class MatchedService implements SearchHit {
  #computedRanges: Array<[number, number]> | undefined;
  readonly #words: readonly string[];
  /** The folded query's length when the whole name starts with it, else 0. */
  readonly #prefixLength: number;

  constructor(
    readonly service: Service,
    readonly index: number,
    words: readonly string[],
    prefixLength: number,
  ) {
    this.#words = words;
    this.#prefixLength = prefixLength;
  }

  get ranges(): Array<[number, number]> {
    this.#computedRanges ??= this.#highlight();
    return this.#computedRanges;
  }

  #highlight(): Array<[number, number]> {
    const name = foldWithOffsets(this.service.name);
    if (this.#prefixLength > 0) return [sourceRange(name, 0, this.#prefixLength)];
    const ranges = this.#words.map((word) => {
      const at = preferredOccurrence(name.text, word);
      return sourceRange(name, at, at + word.length);
    });
    return mergeRanges(ranges);
  }
}

/**
 * The services whose names contain every word of `query`, ignoring case and diacritics.
 * Names starting with the query come first, then those where each word starts a word of the
 * name, then the other matches; catalog order within each group. An empty or blank query returns
 * every service, in catalog order, with no ranges.
 *
 * Each hit's `ranges` is computed when first read (a getter), so read it from the hit rather
 * than copying the hit with object spread.
 */
export function searchServices(index: SearchIndex, query: string): SearchHit[] {
  const { services } = index;
  const folded = foldText(query);
  if (folded === '') return services.map((service, position) => ({ service, index: position, ranges: [] }));

  const { names } = index;
  const words = [...new Set(folded.split(' '))];
  // Every name matching a longer query also matched the query it grew from: scan only those.
  const { last } = index;
  const candidates = last && folded.startsWith(last.query) ? last.positions : undefined;
  const count = candidates ? candidates.length : services.length;
  const matched = new Int32Array(count);
  let matchedCount = 0;
  const [namePrefix, wordPrefixes, substrings]: [SearchHit[], SearchHit[], SearchHit[]] = [[], [], []];
  for (let step = 0; step < count; step++) {
    const position = candidates ? candidates[step]! : step;
    // Positions are those of `services` (and of `names`, its folded names): always in range.
    const name = names[position]!;
    const service = services[position]!;
    if (!containsEveryWord(name, words)) continue;
    matched[matchedCount++] = position;
    if (name.startsWith(folded)) {
      namePrefix.push(new MatchedService(service, position, words, folded.length));
    } else {
      const group = everyWordStartsAWord(name, words) ? wordPrefixes : substrings;
      group.push(new MatchedService(service, position, words, 0));
    }
  }
  index.last = { query: folded, positions: matched.subarray(0, matchedCount) };
  return namePrefix.concat(wordPrefixes, substrings);
}

function containsEveryWord(text: string, words: readonly string[]): boolean {
  for (const word of words) if (!text.includes(word)) return false;
  return true;
}

function everyWordStartsAWord(text: string, words: readonly string[]): boolean {
  for (const word of words) if (!startsAWord(text, preferredOccurrence(text, word))) return false;
  return true;
}

/** The first occurrence that starts a word of the name, else the first occurrence. */
function preferredOccurrence(text: string, word: string): number {
  const first = text.indexOf(word);
  for (let at = first; at !== -1; at = text.indexOf(word, at + 1)) {
    if (startsAWord(text, at)) return at;
  }
  return first;
}

/** Maps folded offsets `[start, end)` back to the original name. */
function sourceRange(name: FoldedText, start: number, end: number): [number, number] {
  return [name.sourceStart[start] ?? 0, name.sourceEnd[end - 1] ?? 0];
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}
