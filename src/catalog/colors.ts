const HEX_COLOR = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * Normalises a catalog colour to lower-case `#rrggbb`. Only 3- or 6-digit hex, with or without
 * `#`, is accepted: names, `url(...)`, `var(--x)`, CSS with `;`, 4/8-digit hex and non-strings
 * give `null`, so nothing from the catalog can inject CSS or trigger a request.
 */
export function normalizeHexColor(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = HEX_COLOR.exec(value.trim())?.[1];
  if (digits === undefined) return null;
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
  return `#${full.toLowerCase()}`;
}

function channels(hex: string): [number, number, number] {
  const normalised = normalizeHexColor(hex);
  if (normalised === null) throw new RangeError(`Not a 3- or 6-digit hex colour: ${JSON.stringify(hex)}`);
  const value = Number.parseInt(normalised.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function linearise(channel: number): number {
  const srgb = channel / 255;
  return srgb <= 0.04045 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4;
}

/**
 * WCAG 2.x relative luminance (0 for black to 1 for white) of a hex colour.
 * @throws RangeError when `hex` is not a colour {@link normalizeHexColor} accepts.
 */
export function relativeLuminance(hex: string): number {
  const [red, green, blue] = channels(hex);
  return 0.2126 * linearise(red) + 0.7152 * linearise(green) + 0.0722 * linearise(blue);
}

/**
 * WCAG 2.x contrast ratio between two hex colours, from 1 to 21, in either order.
 * @throws RangeError when either is not a colour {@link normalizeHexColor} accepts.
 */
export function contrastRatio(hexA: string, hexB: string): number {
  const a = relativeLuminance(hexA);
  const b = relativeLuminance(hexB);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/**
 * Black or white, whichever contrasts more with `backgroundHex`. The better of the two is always
 * at least 4.58:1 (the worst case is a luminance of about 0.18), so text stays WCAG AA readable on
 * any brand colour.
 * @throws RangeError when `backgroundHex` is not a colour {@link normalizeHexColor} accepts.
 */
export function readableTextColor(backgroundHex: string): '#000000' | '#ffffff' {
  // Black contrasts at least as much as white when (L + 0.05) / 0.05 >= 1.05 / (L + 0.05), that is
  // (L + 0.05)² >= 0.05 × 1.05: the two contrastRatio() calls, without computing either.
  return (relativeLuminance(backgroundHex) + 0.05) ** 2 >= 0.05 * 1.05 ? '#000000' : '#ffffff';
}

/** A letter, with the combining marks that follow it (a decomposed `Á` stays one letter). */
const FIRST_LETTER = /\p{L}\p{M}*/u;

/**
 * Up to two upper-case initials from the first words of `name` that contain a letter, for the
 * badge shown when a service has no usable logo: `'Ngân hàng Á Châu'` gives `'NH'`. Words of only
 * digits or punctuation are skipped; a name without any letter gives `'?'`.
 */
export function initials(name: string): string {
  let result = '';
  let count = 0;
  for (const word of name.split(/\s+/u)) {
    const letter = FIRST_LETTER.exec(word)?.[0];
    if (letter === undefined) continue;
    result += letter.toUpperCase();
    if (++count === 2) break;
  }
  return count === 0 ? '?' : result.normalize('NFC');
}
