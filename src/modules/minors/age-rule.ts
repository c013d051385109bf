/**
 * The age rule, pure: how old a person is on a day, and whether that is under the age threshold that
 * applies to them. No clock, no database: the caller passes "now" (from the Clock) and the threshold table
 * (from the configuration), so every edge (birthdays, 29 February, the 13th birthday, time zones) is a
 * unit test.
 *
 * 29 February: in a year without one, a person born on 29 February turns a year older on 1 March (the
 * day after 28 February; the rule of Norwegian and English law for legal age). Until 1 March they are
 * still the younger age.
 */

/** A calendar date (no time, no zone). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The age threshold table: the policy's default (13) and the per-country ages an operator raised. */
export interface AgeThresholds {
  defaultAge: number;
  /** ISO 3166-1 alpha-2 (upper case) → age; never below the default */
  byCountry: Record<string, number>;
}

/** The minimum the policy promises everywhere (COPPA; GDPR Art. 8 as Norway set it). */
export const POLICY_MINIMUM_AGE = 13;

export interface Threshold {
  age: number;
  /** e.g. `default`, `country:DE` */
  rule: string;
  /** where the number comes from */
  source: string;
}

export type AgeSignal = 'age-screen' | 'profile' | 'facebook:age_range' | 'facebook:birthday' | 'browser' | 'report';

export interface AgeDecision {
  outcome: 'minor' | 'adult' | 'unknown';
  /** The age on `on`, when a full date of birth was given */
  age?: number;
  threshold: number;
  /** The rule that decided, e.g. `under-threshold:default` */
  rule: string;
  /** Where the threshold comes from (policy default, MINOR_AGE_BY_COUNTRY) */
  ruleSource: string;
  signal: AgeSignal;
  /** The local calendar day the age was counted on, YYYY-MM-DD */
  on: string;
  timeZone: string;
  country?: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const formatDate = (d: CalendarDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** `YYYY-MM-DD` as a real calendar date (31 April and 29 February 2023 are not), else undefined. */
export function parseCalendarDate(value: unknown): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  return { year, month, day };
}

/** The calendar day it is at `instant` in `timeZone` (IANA). */
export function localDate(instant: Date, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** The day of `year` on which someone born on `birth` has their birthday (29 February → 1 March in common years). */
export function birthdayIn(birth: CalendarDate, year: number): CalendarDate {
  if (birth.month === 2 && birth.day === 29 && !isLeapYear(year)) return { year, month: 3, day: 1 };
  return { year, month: birth.month, day: birth.day };
}

/** Completed years on `today`: the birthday itself counts (on the 13th birthday a person is 13). */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const b = birthdayIn(birth, today.year);
  const before = today.month < b.month || (today.month === b.month && today.day < b.day);
  return today.year - birth.year - (before ? 1 : 0);
}

/** The threshold for a country (when known): the table's entry, never below the policy's minimum. */
export function thresholdFor(table: AgeThresholds, country?: string): Threshold {
  const base = Math.max(table.defaultAge, POLICY_MINIMUM_AGE);
  const cc = country?.trim().toUpperCase();
  const raised = cc ? table.byCountry[cc] : undefined;
  if (raised !== undefined && raised > base) return { age: raised, rule: `country:${cc}`, source: `MINOR_AGE_BY_COUNTRY (${cc}:${raised})` };
  return { age: base, rule: 'default', source: `policy default (${base}; COPPA, GDPR Art. 8 as set in Norway)` };
}

export interface DecideInput {
  now: Date;
  table: AgeThresholds;
  signal: AgeSignal;
  /** The person's time zone when known, else the operator's default */
  timeZone: string;
  country?: string;
  dateOfBirth?: CalendarDate;
  /** Facebook `age_range`: { min?, max? } (e.g. { min: 21 }, { min: 13, max: 17 }) */
  ageRange?: { min?: number; max?: number };
}

/** Decides on one signal; every decision names its rule and the rule's source. */
export function decideAge(input: DecideInput): AgeDecision {
  const t = thresholdFor(input.table, input.country);
  const today = localDate(input.now, input.timeZone);
  const base = { threshold: t.age, ruleSource: t.source, signal: input.signal, on: formatDate(today), timeZone: input.timeZone, country: input.country };
  if (input.dateOfBirth) {
    const age = ageOn(input.dateOfBirth, today);
    const minor = age < t.age;
    return { ...base, outcome: minor ? 'minor' : 'adult', age, rule: `${minor ? 'under' : 'at-or-over'}-threshold:${t.rule}` };
  }
  const range = input.ageRange;
  if (range) {
    // age_range.max is the top of the bracket (17 means "at most 17"): under the threshold only when the whole bracket is.
    if (typeof range.max === 'number' && range.max < t.age) return { ...base, outcome: 'minor', rule: `age-range-under-threshold:${t.rule}` };
    if (typeof range.min === 'number' && range.min >= t.age) return { ...base, outcome: 'adult', rule: `age-range-at-or-over-threshold:${t.rule}` };
  }
  return { ...base, outcome: 'unknown', rule: `not-enough-to-decide:${t.rule}` };
}

/**
 * Facebook's `birthday` (`MM/DD/YYYY`, or only `MM/DD` or `YYYY` depending on what the person shares):
 * a full date, or nothing (a year alone or a day without a year does not decide an age here).
 */
export function parseFacebookBirthday(value: unknown): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  return m ? parseCalendarDate(`${m[3]}-${m[1]}-${m[2]}`) : undefined;
}
