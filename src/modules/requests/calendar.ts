/**
 * Periods in months as EU Regulation 1182/71 Art. 3(2)(c) counts them: the period ends on the same day
 * of the month `months` later; when that month has no such day (31 January + 1 month), on its last day.
 * Computed in UTC, keeping the time of day.
 */
export function addCalendarMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), lastDay);
  return new Date(Date.UTC(y, m, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
}
