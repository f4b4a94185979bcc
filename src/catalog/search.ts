import { foldWithOffsets, type FoldedText } from './fold.js';
import type { Service } from './types.js';

export { foldText } from './fold.js';

/** Services with their names folded once, ready for {@link searchServices} on every keystroke. */
export interface SearchIndex {
  readonly services: readonly Service[];
  /** Folded names, in the order of `services`. */
  readonly names: readonly FoldedText[];
  /** For each name, 1 at each folded offset where a word begins (a letter or digit after anything else). */
  readonly wordStarts: readonly Uint8Array[];
}

/** One service that matches a query. */
export interface SearchHit {
  service: Service;
  /** Position of the service in `index.services`. */
  index: number;
  /** What matched, as offsets in the ORIGINAL `service.name`: sorted, not overlapping, not touching. */
  ranges: Array<[start: number, end: number]>;
}

/**
 * Folds names on first use rather than up front: the first screen of a large catalog is shown
 * with an empty query, which needs no folding, so loading does not wait for it.
 */
class LazySearchIndex implements SearchIndex {
  private folded: { names: FoldedText[]; wordStarts: Uint8Array[] } | undefined;

  constructor(readonly services: readonly Service[]) {}

  get names(): readonly FoldedText[] {
    return this.fold().names;
  }

  get wordStarts(): readonly Uint8Array[] {
    return this.fold().wordStarts;
  }

  private fold() {
    if (this.folded === undefined) {
      const names = this.services.map((service) => foldWithOffsets(service.name));
      this.folded = { names, wordStarts: names.map((name) => markWordStarts(name.text)) };
    }
    return this.folded;
  }
}

/**
 * An index of `services` for {@link searchServices}. Names are folded once (on the first
 * non-empty search), so a keystroke costs no folding, regex or allocation per service.
 */
export function buildSearchIndex(services: readonly Service[]): SearchIndex {
  return new LazySearchIndex(services);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isLetterOrDigit(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  return LETTER_OR_DIGIT.test(text[offset] ?? '');
}

function markWordStarts(text: string): Uint8Array {
  const starts = new Uint8Array(text.length);
  let previousIsWord = false;
  for (let offset = 0; offset < text.length; offset++) {
    const isWord = isLetterOrDigit(text, offset);
    if (isWord && !previousIsWord) starts[offset] = 1;
    previousIsWord = isWord;
  }
  return starts;
}

/**
 * A hit whose `ranges` are worked out when first read: a one-letter query can match thousands of
 * services, of which only the few on screen are ever highlighted.
 */
class MatchedService implements SearchHit {
  private computedRanges: Array<[number, number]> | undefined;

  constructor(
    readonly service: Service,
    readonly index: number,
    private readonly name: FoldedText,
    private readonly wordStarts: Uint8Array,
    private readonly words: readonly string[],
    /** The folded query's length when the whole name starts with it, else 0. */
    private readonly prefixLength: number,
  ) {}

  get ranges(): Array<[number, number]> {
    this.computedRanges ??= this.highlight();
    return this.computedRanges;
  }

  private highlight(): Array<[number, number]> {
    const { name, wordStarts, words, prefixLength } = this;
    if (prefixLength > 0) return [sourceRange(name, 0, prefixLength)];
    const ranges = words.map((word) => {
      const at = preferredOccurrence(name.text, wordStarts, word);
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
  const folded = foldWithOffsets(query).text;
  if (folded === '') return services.map((service, position) => ({ service, index: position, ranges: [] }));

  const { names, wordStarts } = index;
  const words = [...new Set(folded.split(' '))];
  const [namePrefix, wordPrefixes, substrings]: [SearchHit[], SearchHit[], SearchHit[]] = [[], [], []];
  for (let position = 0; position < services.length; position++) {
    const name = names[position];
    const starts = wordStarts[position];
    const service = services[position];
    if (name === undefined || starts === undefined || service === undefined) continue;
    if (!containsEveryWord(name.text, words)) continue;

    if (name.text.startsWith(folded)) {
      namePrefix.push(new MatchedService(service, position, name, starts, words, folded.length));
    } else {
      const group = everyWordStartsAWord(name.text, starts, words) ? wordPrefixes : substrings;
      group.push(new MatchedService(service, position, name, starts, words, 0));
    }
  }
  return namePrefix.concat(wordPrefixes, substrings);
}

function containsEveryWord(text: string, words: readonly string[]): boolean {
  for (const word of words) if (!text.includes(word)) return false;
  return true;
}

function everyWordStartsAWord(text: string, wordStarts: Uint8Array, words: readonly string[]): boolean {
  for (const word of words) if (wordStarts[preferredOccurrence(text, wordStarts, word)] !== 1) return false;
  return true;
}

/** The first occurrence that starts a word of the name, else the first occurrence. */
function preferredOccurrence(text: string, wordStarts: Uint8Array, word: string): number {
  const first = text.indexOf(word);
  for (let at = first; at !== -1; at = text.indexOf(word, at + 1)) {
    if (wordStarts[at] === 1) return at;
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
