// Colour arithmetic for brand colours, so text drawn on them keeps WCAG AA contrast (4.5:1).

/** `"ED1B24"`, `"#ed1b24"` or `"f00"` as `[r, g, b]` (0-255), or null when it is not hex. */
export function parseHex(value: string | null | undefined): [number, number, number] | null {
  const hex = (value ?? '').replace(/^#/, '');
  if (!/^(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex)) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

export function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

function luminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(parseHex(a) ?? [0, 0, 0]);
  const lb = luminance(parseHex(b) ?? [0, 0, 0]);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever reads better on `background`: always at least 4.58:1. */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}

/** `color` mixed towards `target` by `amount` (0-1). */
export function mix(color: string, target: string, amount: number): string {
  const a = parseHex(color) ?? [0, 0, 0];
  const b = parseHex(target) ?? [0, 0, 0];
  return toHex([0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * amount) as [number, number, number]);
}

/**
 * The brand colour itself when it reads at 4.5:1 as text (or a focus ring) on `surface`, else the
 * nearest shade towards black or white that does.
 */
export function accessibleOn(brand: string, surface: string): string {
  return standOutFrom(brand, surface, 4.5);
}

/** The hue of a colour in degrees (0-360) and its HSL saturation (0-1). */
export function hueAndSaturation(color: string): { hue: number; saturation: number; lightness: number } {
  const [r, g, b] = (parseHex(color) ?? [0, 0, 0]).map((c) => c / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2;
  const delta = max - min;
  if (delta === 0) return { hue: 0, saturation: 0, lightness };
  const saturation = delta / (1 - Math.abs(2 * lightness - 1));
  const sector = max === r ? ((g - b) / delta + 6) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return { hue: sector * 60, saturation, lightness };
}

/**
 * Whether a colour reads as "red", the colour people take for errors and danger: a clearly
 * saturated hue from crimson (330°) to red-orange (20°). Oranges such as #F47920 and magentas
 * such as #A50064 are not red.
 */
export function isRedHue(color: string): boolean {
  const { hue, saturation, lightness } = hueAndSaturation(color);
  return saturation >= 0.35 && lightness >= 0.15 && lightness <= 0.9 && (hue <= 20 || hue >= 330);
}

/**
 * `color` itself when it stands out from `surface` by `ratio`, else the nearest shade towards
 * black or white (away from the surface) that does: for the outline of a button, WCAG's 3:1 for
 * user interface components.
 */
export function standOutFrom(color: string, surface: string, ratio: number): string {
  const away = contrastRatio(surface, '#000000') >= contrastRatio(surface, '#ffffff') ? '#000000' : '#ffffff';
  for (let step = 0; step <= 20; step += 1) {
    const candidate = mix(color, away, step / 20);
    if (contrastRatio(candidate, surface) >= ratio) return candidate;
  }
  return away;
}
