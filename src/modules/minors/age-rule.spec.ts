import { ageOn, decideAge, localDate, parseCalendarDate, parseFacebookBirthday, thresholdFor } from './age-rule';

const d = (s: string) => parseCalendarDate(s)!;
const table = { defaultAge: 13, byCountry: { DE: 16, FR: 15 } };

describe('age rule', () => {
  describe('ageOn', () => {
    it('counts the birthday itself: on the 13th birthday a person is 13, the day before 12', () => {
      expect(ageOn(d('2012-06-15'), d('2025-06-14'))).toBe(12);
      expect(ageOn(d('2012-06-15'), d('2025-06-15'))).toBe(13);
      expect(ageOn(d('2012-06-15'), d('2025-06-16'))).toBe(13);
    });

    it('turns a 29 February birthday into 1 March in a common year', () => {
      expect(ageOn(d('2012-02-29'), d('2025-02-28'))).toBe(12);
      expect(ageOn(d('2012-02-29'), d('2025-03-01'))).toBe(13);
    });

    it('keeps 29 February in a leap year', () => {
      expect(ageOn(d('2011-02-28'), d('2024-02-28'))).toBe(13);
      expect(ageOn(d('2008-02-29'), d('2024-02-28'))).toBe(15);
      expect(ageOn(d('2008-02-29'), d('2024-02-29'))).toBe(16);
    });

    it('handles month boundaries and the new year', () => {
      expect(ageOn(d('2012-12-31'), d('2025-12-30'))).toBe(12);
      expect(ageOn(d('2012-12-31'), d('2025-12-31'))).toBe(13);
      expect(ageOn(d('2013-01-01'), d('2025-12-31'))).toBe(12);
    });
  });

  describe('parseCalendarDate', () => {
    it('refuses dates that do not exist', () => {
      expect(parseCalendarDate('2023-02-29')).toBeUndefined();
      expect(parseCalendarDate('2024-04-31')).toBeUndefined();
      expect(parseCalendarDate('2024-13-01')).toBeUndefined();
      expect(parseCalendarDate('17.05.1990')).toBeUndefined();
      expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
      expect(parseCalendarDate('2000-02-29')).toBeDefined();
      expect(parseCalendarDate('1900-02-29')).toBeUndefined();
    });
  });

  describe('time zones', () => {
    it('counts the day where the person is: 23:30 UTC is already the next day in Oslo', () => {
      const now = new Date('2025-06-14T23:30:00Z');
      expect(localDate(now, 'UTC')).toEqual({ year: 2025, month: 6, day: 14 });
      expect(localDate(now, 'Europe/Oslo')).toEqual({ year: 2025, month: 6, day: 15 });
      const base = { now, table, signal: 'age-screen' as const, dateOfBirth: d('2012-06-15') };
      expect(decideAge({ ...base, timeZone: 'UTC' })).toMatchObject({ outcome: 'minor', age: 12, on: '2025-06-14' });
      expect(decideAge({ ...base, timeZone: 'Europe/Oslo' })).toMatchObject({ outcome: 'adult', age: 13, on: '2025-06-15' });
      expect(decideAge({ ...base, now: new Date('2025-06-15T06:00:00Z'), timeZone: 'America/Los_Angeles' })).toMatchObject({ outcome: 'minor', age: 12 });
    });
  });

  describe('thresholds', () => {
    it('is 13 by default and names its source', () => {
      expect(thresholdFor(table)).toMatchObject({ age: 13, rule: 'default' });
      expect(thresholdFor(table, 'NO')).toMatchObject({ age: 13, rule: 'default' });
      expect(thresholdFor(table, 'de')).toEqual({ age: 16, rule: 'country:DE', source: 'MINOR_AGE_BY_COUNTRY (DE:16)' });
    });

    it('never goes below 13, whatever the table says', () => {
      expect(thresholdFor({ defaultAge: 10, byCountry: { XX: 11 } }, 'XX')).toMatchObject({ age: 13, rule: 'default' });
    });

    it('decides with the country threshold and names the rule', () => {
      const now = new Date('2025-06-15T12:00:00Z');
      const fifteen = { now, table, signal: 'profile' as const, timeZone: 'UTC', dateOfBirth: d('2010-01-01') };
      expect(decideAge({ ...fifteen, country: 'DE' })).toMatchObject({ outcome: 'minor', age: 15, threshold: 16, rule: 'under-threshold:country:DE' });
      expect(decideAge({ ...fifteen, country: 'FR' })).toMatchObject({ outcome: 'adult', threshold: 15, rule: 'at-or-over-threshold:country:FR' });
      expect(decideAge(fifteen)).toMatchObject({ outcome: 'adult', threshold: 13, rule: 'at-or-over-threshold:default', signal: 'profile' });
    });
  });

  describe('Facebook signals', () => {
    const base = { now: new Date('2025-06-15T12:00:00Z'), table, timeZone: 'UTC', signal: 'facebook:age_range' as const };

    it('reads age_range as a bracket', () => {
      expect(decideAge({ ...base, ageRange: { max: 12 } })).toMatchObject({ outcome: 'minor', rule: 'age-range-under-threshold:default' });
      expect(decideAge({ ...base, ageRange: { min: 13, max: 17 } }).outcome).toBe('adult');
      expect(decideAge({ ...base, ageRange: { min: 21 } }).outcome).toBe('adult');
      expect(decideAge({ ...base, ageRange: { min: 13, max: 17 }, country: 'DE' }).outcome).toBe('unknown');
      expect(decideAge({ ...base, ageRange: { max: 17 }, country: 'DE' }).outcome).toBe('unknown');
      expect(decideAge({ ...base, ageRange: { max: 15 }, country: 'DE' }).outcome).toBe('minor');
    });

    it('reads a full birthday only', () => {
      expect(parseFacebookBirthday('06/16/2012')).toEqual({ year: 2012, month: 6, day: 16 });
      expect(parseFacebookBirthday('06/16')).toBeUndefined();
      expect(parseFacebookBirthday('2012')).toBeUndefined();
      expect(parseFacebookBirthday('02/30/2012')).toBeUndefined();
    });
  });
});
