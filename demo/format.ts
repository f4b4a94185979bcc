/**
 * Money and dates as the page's language writes them. `Intl` knows each currency's own minor
 * unit (VND has none, MYR two), so amounts never carry decimals their currency does not have.
 */

/** An amount as the backend sends it (`"-446580000.00"`), in `currency`, for `locale`. */
export function formatMoney(amount: string | number | null, currency: string, locale: string, options: { sign?: boolean } = {}): string {
  if (amount === null || amount === '') return '—';
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  try {
    // An explicit sign on movements (+ in, − out) says the direction without relying on colour.
    return new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: options.sign ? 'exceptZero' : 'auto' }).format(value);
  } catch {
    // A code Intl does not know (not ISO 4217): still show the number, grouped.
    return `${new Intl.NumberFormat(locale).format(value)} ${currency}`;
  }
}

/**
 * A calendar date (`YYYY-MM-DD`, the bank's own day) for `locale`. Read and written in UTC so the
 * viewer's time zone never moves it to the day before.
 */
export function formatDate(date: string, locale: string): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(time)) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(time);
}

/** A moment's time of day (the event log's stamps), in the viewer's zone. */
export function formatTime(at: string | number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(new Date(at));
}

/** A count with the locale's grouping ("1,234" / "1.234"). */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}
