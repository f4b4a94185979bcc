/** Calendar dates as `YYYY-MM-DD` strings, computed in UTC so no host time zone leaks in. */

const DAY = 86_400_000;

/** The calendar date at instant `ms` in a zone `offsetHours` east of UTC. */
export function dateAt(ms: number, offsetHours: number): string {
  return new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** True for a real calendar date in `YYYY-MM-DD` form (2024-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** `DD/MM/YYYY`, as Vietnamese bank descriptions write dates. */
export function dayMonthYear(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
