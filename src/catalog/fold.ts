/** Text folded for matching, with where each of its UTF-16 units came from in the original. */
export interface FoldedText {
  /** Lower-case, without diacritics, whitespace collapsed to single spaces and trimmed. */
  readonly text: string;
  /** For each unit of `text`, the offset in the original where its source character starts. */
  readonly sourceStart: readonly number[];
  /** For each unit of `text`, the offset in the original just after its source character and its combining marks. */
  readonly sourceEnd: readonly number[];
}

/**
 * Letters that canonical decomposition leaves whole but a person typing on a plain keyboard would
 * not. Read only for the letters {@link NEEDS_LETTER_FOLD} matches, never for an inherited key.
 */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  đ: 'd',
  ð: 'd',
  ø: 'o',
  ł: 'l',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  // Whole-string lower-casing turns a word-final Σ into ς, per-character lower-casing into σ.
  ς: 'σ',
};
const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE = /\s/u;

/**
 * Folds `text` for matching that ignores case and diacritics (`Đông Á` gives `dong a`), keeping
 * a map back to the original so a match can be highlighted exactly there, even though folding
 * changes lengths (decomposed marks vanish, `ß` becomes `ss`). Only the names of rows on screen
 * are mapped, so each character simply goes through {@link foldText} on its own.
 */
export function foldWithOffsets(text: string): FoldedText {
  let folded = '';
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  let spaceStart = -1;
  let spaceEnd = 0;
  let lastCharacterFrom = -1;
  for (let from = 0, next = 0; from < text.length; from = next) {
    const character = String.fromCodePoint(text.codePointAt(from) ?? 0);
    next = from + character.length;
    if (WHITESPACE.test(character)) {
      if (spaceStart === -1) spaceStart = from;
      spaceEnd = next;
      continue;
    }
    const piece = foldText(character);
    if (piece === '') {
      // A combining mark (or a character folding to nothing) belongs to the character before it.
      if (spaceStart === -1 && lastCharacterFrom !== -1) sourceEnd.fill(next, lastCharacterFrom);
      continue;
    }
    if (spaceStart !== -1 && folded !== '') {
      folded += ' ';
      sourceStart.push(spaceStart);
      sourceEnd.push(spaceEnd);
    }
    spaceStart = -1;
    lastCharacterFrom = sourceStart.length;
    folded += piece;
    for (let unit = 0; unit < piece.length; unit++) {
      sourceStart.push(from);
      sourceEnd.push(next);
    }
  }
  return { text: folded, sourceStart, sourceEnd };
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
  if (NEEDS_LETTER_FOLD.test(folded)) folded = folded.replace(NEEDS_LETTER_FOLD, (letter) => LETTER_FOLDS[letter] ?? letter);
  return folded.replace(WHITESPACE_RUNS, ' ').trim();
}

const NEEDS_LETTER_FOLD = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');
const WHITESPACE_RUNS = /\s+/gu;
