import { mix, textColorOn } from './color.js';
import { seedBySlug, type ServiceSeed } from './data/services.js';

/** Cover sizes of the spec ("A cover always has 3 sizes"), in pixels. */
export const COVER_SIZES = { small: [320, 120], medium: [640, 240], large: [1280, 480] } as const;
export type CoverSize = keyof typeof COVER_SIZES;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The brand colour and a shade of it that keeps the text colour readable across a gradient. */
function palette(seed: ServiceSeed): { base: string; shade: string; text: string; accent: string } {
  const base = `#${seed.primary}`;
  const text = textColorOn(base);
  // Shade away from the text colour, so contrast only grows across the gradient.
  const shade = mix(base, text === '#ffffff' ? '#000000' : '#ffffff', 0.22);
  const accent = seed.secondary ? `#${seed.secondary}` : shade;
  return { base, shade, text, accent };
}

/** A square logo: the brand colour with the service's mark in a contrasting colour. */
export function logoSvg(seed: ServiceSeed): string {
  const { base, shade, text, accent } = palette(seed);
  const size = seed.mark.length <= 2 ? 40 : seed.mark.length === 3 ? 32 : 25;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${xml(seed.name)}">
<title>${xml(seed.name)}</title>
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${base}"/><stop offset="1" stop-color="${shade}"/></linearGradient></defs>
<rect width="96" height="96" rx="20" fill="url(#g)"/>
<rect x="20" y="74" width="56" height="5" rx="2.5" fill="${accent}" opacity="0.9"/>
<text x="48" y="50" text-anchor="middle" dominant-baseline="central" font-family="${FONT}" font-size="${size}" font-weight="700" fill="${text}">${xml(seed.mark)}</text>
</svg>
`;
}

/** A wide cover: brand gradient, soft circles, the mark in a badge and the name as a wordmark. */
export function coverSvg(seed: ServiceSeed, sizeName: CoverSize): string {
  const [width, height] = COVER_SIZES[sizeName];
  const { base, shade, text, accent } = palette(seed);
  const unit = height / 120;
  const badge = 64 * unit;
  const left = 28 * unit;
  const nameX = left + badge + 20 * unit;
  // Approximate glyph width (0.58 em) so long names shrink instead of running off the cover.
  const room = width - nameX - 24 * unit;
  const fontSize = Math.min(30 * unit, room / Math.max(1, seed.name.length * 0.58));
  const markSize = (seed.mark.length <= 2 ? 26 : seed.mark.length === 3 ? 21 : 16) * unit;
  const n = (v: number): string => v.toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xml(seed.name)}">
<title>${xml(seed.name)}</title>
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${base}"/><stop offset="1" stop-color="${shade}"/></linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#g)"/>
<circle cx="${n(width * 0.86)}" cy="${n(height * 0.1)}" r="${n(height * 0.62)}" fill="${text}" opacity="0.07"/>
<circle cx="${n(width * 0.98)}" cy="${n(height * 0.95)}" r="${n(height * 0.42)}" fill="${accent}" opacity="0.35"/>
<rect x="${n(left)}" y="${n((height - badge) / 2)}" width="${n(badge)}" height="${n(badge)}" rx="${n(14 * unit)}" fill="${text}" opacity="0.14"/>
<text x="${n(left + badge / 2)}" y="${n(height / 2)}" text-anchor="middle" dominant-baseline="central" font-family="${FONT}" font-size="${n(markSize)}" font-weight="700" fill="${text}">${xml(seed.mark)}</text>
<text x="${n(nameX)}" y="${n(height / 2)}" dominant-baseline="central" font-family="${FONT}" font-size="${n(fontSize)}" font-weight="600" fill="${text}">${xml(seed.name)}</text>
</svg>
`;
}

const FILE = /^([a-z0-9_]+)-(logo|cover-(small|medium|large))\.svg$/;

/**
 * The SVG for a media file name of the catalog, or null. Only names the catalog lists resolve:
 * the name is matched against a strict pattern and looked up, never used as a path.
 */
export function renderMedia(fileName: string): string | null {
  const match = FILE.exec(fileName);
  if (!match) return null;
  const seed = seedBySlug(match[1]!);
  if (!seed) return null;
  if (match[2] === 'logo') return seed.logo === false ? null : logoSvg(seed);
  return coverSvg(seed, match[3] as CoverSize);
}

/** Headers of every media answer: images for any origin, never sniffed or scripted. */
export const MEDIA_HEADERS = {
  'content-type': 'image/svg+xml; charset=utf-8',
  'access-control-allow-origin': '*',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'cache-control': 'public, max-age=86400',
  'cross-origin-resource-policy': 'cross-origin',
} as const;
