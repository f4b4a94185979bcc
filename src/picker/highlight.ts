import { html, type TemplateResult } from 'lit';

/** A run of a name: plain text, or text the search matched. */
export interface NameSegment {
  text: string;
  match: boolean;
}

/**
 * Splits `text` at the matched `[start, end)` ranges, which may arrive unsorted, overlapping or
 * out of bounds (they are computed on folded text); the segments always join back to `text`.
 */
export function splitByRanges(text: string, ranges: readonly (readonly [number, number])[]): NameSegment[] {
  const sorted = ranges
    .map(([start, end]) => [Math.max(0, Math.min(text.length, start)), Math.max(0, Math.min(text.length, end))] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const segments: NameSegment[] = [];
  let cursor = 0;
  for (const [start, end] of sorted) {
    if (end <= cursor) continue;
    const from = Math.max(start, cursor);
    const last = segments[segments.length - 1];
    if (from > cursor) segments.push({ text: text.slice(cursor, from), match: false });
    // Touching ranges become one mark, so a screen reader or a style sees one match.
    if (from === cursor && last?.match) last.text += text.slice(from, end);
    else segments.push({ text: text.slice(from, end), match: true });
    cursor = end;
  }
  if (cursor < text.length || segments.length === 0) segments.push({ text: text.slice(cursor), match: false });
  return segments;
}

/**
 * The name with its matched runs in `<mark part="highlight">`. Every run is bound as a text
 * part, so a name holding markup is shown as that markup's text and never parsed.
 */
export function highlightName(text: string, ranges: readonly (readonly [number, number])[]): TemplateResult | string {
  if (ranges.length === 0) return text;
  return html`${splitByRanges(text, ranges).map((segment) =>
    segment.match ? html`<mark part="highlight">${segment.text}</mark>` : segment.text,
  )}`;
}
