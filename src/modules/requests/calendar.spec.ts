import { addCalendarMonths } from './calendar';

describe(addCalendarMonths.name, () => {
  const at = (iso: string, n: number) => addCalendarMonths(new Date(iso), n).toISOString();
  it('ends on the same day of the next month', () => expect(at('2026-03-15T10:00:00.000Z', 1)).toBe('2026-04-15T10:00:00.000Z'));
  it('ends on the last day when the month is shorter (31 January → 28 February)', () =>
    expect(at('2026-01-31T09:00:00.000Z', 1)).toBe('2026-02-28T09:00:00.000Z'));
  it('ends on 29 February in a leap year', () => expect(at('2028-01-31T09:00:00.000Z', 1)).toBe('2028-02-29T09:00:00.000Z'));
  it('crosses the year', () => expect(at('2026-12-31T00:00:00.000Z', 2)).toBe('2027-02-28T00:00:00.000Z'));
});
