import type { Service } from './types.js';
import { safeHttpUrl } from './url.js';

/** The three sizes every cover exists in (spec: "Note about media_path"). */
export type CoverSize = 'small' | 'medium' | 'large';

const COVER_SIZES: ReadonlySet<string> = new Set<CoverSize>(['small', 'medium', 'large']);
const MAX_FILE_NAME_LENGTH = 128;
/** Path separators, URL syntax, percent-escapes (which could hide any of these), whitespace and controls. */
// eslint-disable-next-line no-control-regex -- control characters are part of what is refused
const UNSAFE_FILE_NAME_CHARACTER = /[/\\:?#%\s\u0000-\u001f\u007f]/u;
/** Enough rounds of percent-decoding to see through `%252e%252e` and similar layering. */
const MAX_DECODE_ROUNDS = 3;

/**
 * The logo's URL (`media_path` + `logo_file_name`), or `null` when either is missing or unsafe,
 * so the caller shows the initials badge instead. See {@link mediaUrl} for what is unsafe.
 */
export function logoUrl(service: Pick<Service, 'media_path' | 'logo_file_name'>): string | null {
  return mediaUrl(service.media_path, service.logo_file_name);
}

/**
 * The cover's URL in one size: `-small`, `-medium` or `-large` goes before the extension
 * (`ambank-cover.png` gives `ambank-cover-medium.png`), or at the end when there is none.
 * `null` when the parts are missing or unsafe, as for {@link logoUrl}.
 */
export function coverUrl(service: Pick<Service, 'media_path' | 'cover_file_name'>, size: CoverSize): string | null {
  const fileName = service.cover_file_name;
  if (!COVER_SIZES.has(size) || !isPlainFileName(fileName)) return null;
  const dot = fileName.lastIndexOf('.');
  const sized = dot > 0 ? `${fileName.slice(0, dot)}-${size}${fileName.slice(dot)}` : `${fileName}-${size}`;
  return mediaUrl(service.media_path, sized);
}

/**
 * Joins a catalog `media_path` and file name into a URL that cannot leave the media folder:
 * `media_path` must be an absolute `http:`/`https:` URL without credentials, query, fragment or
 * any `.`/`..` segment (plain or percent-encoded); the file name must be a plain name (see
 * {@link isPlainFileName}); and the result must keep `media_path`'s origin and sit under its path.
 * A `media_path` without a trailing `/` is treated as a folder.
 */
export function mediaUrl(mediaPath: unknown, fileName: unknown): string | null {
  const base = mediaFolder(mediaPath);
  if (base === null || !isPlainFileName(fileName)) return null;
  let resolved: URL;
  try {
    resolved = new URL(fileName, base);
  } catch {
    return null;
  }
  if (resolved.origin !== base.origin || !resolved.pathname.startsWith(base.pathname)) return null;
  // No `..` at all, not even inside a name (`x..y/`): simpler to trust than to reason about.
  if (resolved.search !== '' || resolved.hash !== '' || resolved.href.includes('..')) return null;
  return resolved.href;
}

/**
 * True for a bare file name that a URL resolver cannot turn into another path: 1 to 128
 * characters, no `/`, `\`, `:`, `?`, `#`, `%`, whitespace or control characters, and no `..`.
 */
export function isPlainFileName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_FILE_NAME_LENGTH &&
    value !== '.' &&
    !value.includes('..') &&
    !UNSAFE_FILE_NAME_CHARACTER.test(value)
  );
}

function mediaFolder(mediaPath: unknown): URL | null {
  const href = safeHttpUrl(mediaPath);
  if (href === null || typeof mediaPath !== 'string' || hasDotSegment(mediaPath)) return null;
  const url = new URL(href);
  if (url.search !== '' || url.hash !== '') return null;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * Looks at the raw string, since the URL parser resolves `..` before we could see it.
 * Each segment is percent-decoded a few times so `%2e%2e`, `%2E.` or `.%252e` count too.
 */
function hasDotSegment(rawUrl: string): boolean {
  const path = rawUrl.replace(/^[a-z]+:\/\/[^/\\]*/i, '');
  return path.split(/[/\\?#]/).some((segment) => {
    const decoded = decodeRepeatedly(segment);
    return decoded === null || decoded.split(/[/\\]/).some((part) => part === '.' || part === '..');
  });
}

/** `null` when the segment is not valid percent-encoding: such a path is refused too. */
function decodeRepeatedly(segment: string): string | null {
  let current = segment;
  for (let round = 0; round < MAX_DECODE_ROUNDS && current.includes('%'); round++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      return null;
    }
  }
  return current;
}
