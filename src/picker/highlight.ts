import { html, type TemplateResult } from 'lit';

/** A run of a name: plain text, or text the search matched. */
export interface NameSegment {
  text: string;
  match: boolean;
}

/**
 * Splits `text` at the matched `[start, end)` ranges, which may arrive unsorted, overlapping or
 * out of bounds (they are computed on folded text); the segments always join back to `text`.
 * Each unit of `text` is marked matched or not, and each run of alike units is one segment, so
 * overlapping and touching ranges become one mark (one match for a screen reader or a style).
 */
export function splitByRanges(text: string, ranges: readonly (readonly [number, number])[]): NameSegment[] {
  const matched: boolean[] = new Array<boolean>(text.length).fill(false);
  for (const [start, end] of ranges) {
    for (let unit = Math.max(0, start); unit < Math.min(text.length, end); unit++) matched[unit] = true;
  }
  const segments: NameSegment[] = [];
  for (let unit = 0; unit < text.length; unit++) {
    const last = segments[segments.length - 1];
    const match = matched[unit]!;
    if (last?.match === match) last.text += text[unit];
    else segments.push({ text: text[unit]!, match });
  }
  return segments.length ? segments : [{ text, match: false }];
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
