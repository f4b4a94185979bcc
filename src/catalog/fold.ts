/** Text folded for matching, with where each of its UTF-16 units came from in the original. */
export interface FoldedText {
  /** Lower-case, without diacritics, whitespace collapsed to single spaces and trimmed. */
  readonly text: string;
  /** For each unit of `text`, the offset in the original where its source character starts. */
  readonly sourceStart: Uint32Array;
  /** For each unit of `text`, the offset in the original just after its source character and its combining marks. */
  readonly sourceEnd: Uint32Array;
}

/** Letters that canonical decomposition leaves whole but a person typing on a plain keyboard would not. */
const LETTER_FOLDS: ReadonlyMap<string, string> = new Map([
  ['đ', 'd'],
  ['ð', 'd'],
  ['ø', 'o'],
  ['ł', 'l'],
  ['ħ', 'h'],
  ['ı', 'i'],
  ['ŧ', 't'],
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['þ', 'th'],
  // Whole-string lower-casing turns a word-final Σ into ς, per-character lower-casing into σ.
  ['ς', 'σ'],
]);
const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE = /^\s$/u;
const CODE_A = 0x41;
const CODE_Z = 0x5a;
const ASCII_LIMIT = 0x80;

const ASCII_FOLDS: readonly string[] = Array.from({ length: ASCII_LIMIT }, (_, code) =>
  String.fromCharCode(code >= CODE_A && code <= CODE_Z ? code + 0x20 : code),
);

/** Per code point, since a catalog repeats the same few dozen characters across thousands of names. */
const foldCache = new Map<number, string>();

function foldCodePoint(code: number): string {
  // Plain ASCII needs no cache or regex: it is most of every name.
  if (code < ASCII_LIMIT) return ASCII_FOLDS[code] ?? '';
  let folded = foldCache.get(code);
  if (folded === undefined) {
    const bare = String.fromCodePoint(code).toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '');
    folded = '';
    for (const unit of bare) folded += LETTER_FOLDS.get(unit) ?? unit;
    foldCache.set(code, folded);
  }
  return folded;
}

function isWhitespace(code: number): boolean {
  if (code < ASCII_LIMIT) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return WHITESPACE.test(String.fromCodePoint(code));
}

/**
 * Folds `text` for matching that ignores case and diacritics (`Đông Á` gives `dong a`), keeping
 * a map back to the original so a match can be highlighted exactly there, even though folding
 * changes lengths (decomposed marks vanish, `ß` becomes `ss`).
 */
export function foldWithOffsets(text: string): FoldedText {
  let folded = '';
  // Folding rarely lengthens text (`ß` to `ss`); the arrays grow when it does.
  let starts: Uint32Array = new Uint32Array(text.length + 4);
  let ends: Uint32Array = new Uint32Array(text.length + 4);
  let length = 0;
  let spaceStart = -1;
  let spaceEnd = 0;
  let lastCharacterFrom = -1;
  for (let from = 0; from < text.length; ) {
    const code = text.codePointAt(from) ?? 0;
    const next = from + (code > 0xffff ? 2 : 1);
    if (isWhitespace(code)) {
      if (spaceStart === -1) spaceStart = from;
      spaceEnd = next;
      from = next;
      continue;
    }
    const piece = foldCodePoint(code);
    if (piece === '') {
      // A combining mark (or a character folding to nothing) belongs to the character before it.
      if (spaceStart === -1) for (let unit = lastCharacterFrom; unit >= 0 && unit < length; unit++) ends[unit] = next;
      from = next;
      continue;
    }
    if (length + piece.length + 1 > starts.length) {
      starts = grow(starts, (length + piece.length + 1) * 2);
      ends = grow(ends, starts.length);
    }
    if (spaceStart !== -1 && length > 0) {
      folded += ' ';
      starts[length] = spaceStart;
      ends[length] = spaceEnd;
      length++;
    }
    spaceStart = -1;
    lastCharacterFrom = length;
    folded += piece;
    for (let unit = 0; unit < piece.length; unit++) {
      starts[length] = from;
      ends[length] = next;
      length++;
    }
    from = next;
  }
  return { text: folded, sourceStart: starts.subarray(0, length), sourceEnd: ends.subarray(0, length) };
}

function grow(array: Uint32Array, size: number): Uint32Array {
  const grown = new Uint32Array(size);
  grown.set(array);
  return grown;
}

// Printable ASCII words separated by single spaces: folding is plain lower-casing, offsets unchanged.
const SIMPLE_ASCII = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/**
 * Lower-cases `text`, strips diacritics (NFD, then every combining mark), folds `đ`/`Đ` to `d` and
 * a few other undecomposable letters (`ø`, `ł`, `ß`, ...) and collapses whitespace, so
 * `'Ngân   Hàng'` and `'ngan hang'` compare equal. Gives exactly `foldWithOffsets(text).text`,
 * without building the offset maps (a catalog folds every name; only shown rows need offsets).
 */
export function foldText(text: string): string {
  if (SIMPLE_ASCII.test(text)) return text.toLowerCase();
  let folded = text.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '');
  if (NEEDS_LETTER_FOLD.test(folded)) folded = folded.replace(NEEDS_LETTER_FOLD, (letter) => LETTER_FOLDS.get(letter) ?? letter);
  return folded.replace(WHITESPACE_RUNS, ' ').trim();
}

const NEEDS_LETTER_FOLD = new RegExp(`[${[...LETTER_FOLDS.keys()].join('')}]`, 'gu');
const WHITESPACE_RUNS = /\s+/gu;
