/**
 * C0 and C1 control characters, then the bidirectional embeddings, overrides and isolates: in a
 * name these can make text read differently from what it is, and an unclosed one reorders the UI
 * text that follows it.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Trims and collapses every run of whitespace (line breaks and tabs included) to one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** True when text still holds control or bidirectional-control characters after collapsing whitespace. */
export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE_CHARACTER.test(text);
}

/**
 * A short display text from untrusted data: whitespace collapsed, then `null` when it is not a
 * string, is empty, is longer than `maxLength` or holds control characters. Markup is left as it
 * is: escaping belongs to whoever renders it.
 */
export function displayText(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'string') return null;
  const text = collapseWhitespace(value);
  if (text === '' || text.length > maxLength || hasUnsafeCharacters(text)) return null;
  return text;
}
