import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';
import countries from 'i18n-iso-countries';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Field rules of My Profile, shared by the JSON API and the HTML form. Each rule has a stable name
 * (the class-validator constraint), which the pages translate into the reader's language.
 */

const register =
  (name: string, test: (value: unknown) => boolean, message: string) =>
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyKey) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: (args) => `${args.property} ${message}`, ...options },
      validator: { validate: (value: unknown) => test(value) },
    });

/** Trims strings; everything else passes through for the validators to judge. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and upper-cases (country codes). */
export const TrimUpper = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

/** A phone number in international form becomes E.164 (+4791234567); anything else is left for IsPhone to reject. */
export const ToE164 = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const parsed = parsePhoneNumberFromString(value.trim());
    return parsed?.isValid() ? parsed.number : value.trim();
  });

export function isE164Phone(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\+[1-9]\d{5,14}$/.test(value)) return false;
  return parsePhoneNumberFromString(value)?.isValid() ?? false;
}

/** A real, dialable phone number with its country code (libphonenumber-js metadata). */
export const IsPhone = register('isPhone', isE164Phone, 'must be a valid phone number with its country code, e.g. +47 912 34 567');

export function isCountryCode(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && countries.isValid(value);
}

/** An ISO 3166-1 alpha-2 country code (i18n-iso-countries). */
export const IsCountryCode = register('isCountryCode', isCountryCode, 'must be an ISO 3166-1 alpha-2 country code, e.g. NO');

export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A real calendar date written YYYY-MM-DD, from 1900 on (2023-02-30 is refused). */
export const IsCalendarDate = register('isCalendarDate', isCalendarDate, 'must be a real date written YYYY-MM-DD, from 1900 on');

/** One line of text: no line breaks or other control characters. */
// eslint-disable-next-line no-control-regex -- control characters are what this rejects
export const IsSingleLine = register('isSingleLine', (v) => typeof v === 'string' && !/[\u0000-\u001f\u007f]/.test(v), 'must be a single line of text');

/** Always refuses: the field exists but is changed elsewhere (the message says where). */
export const ChangedElsewhere = (message: string) => register('changedElsewhere', () => false, message)();
