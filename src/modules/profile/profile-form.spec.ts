import type { Request } from 'express';
import { pageLocale } from '../../core/http/views/locale';
import { safeNext } from '../../core/http/views/page-frame';
import { diffProfile } from './profile-diff';
import { parseIfMatch } from './profile.controller';
import type { Profile } from './schemas/profile.schema';
import { formToPatch, validatePatch } from './validation/profile-form';
import { recordRows } from './views/export.page';

const empty = (over: Record<string, string> = {}) => ({ name: '', phone: '', dateOfBirth: '', ...over });
const profile = (over: Partial<Profile> = {}): Profile => ({ accountId: 'a1', provenance: {}, version: 3, ...over });

describe('My Profile form handling', () => {
  it('turns empty inputs into removals and keeps a started address whole so the validator can name its missing parts', async () => {
    const patch = formToPatch(empty({ name: ' Kari ', 'postalAddress.city': 'Oslo' }));
    expect(patch).toMatchObject({ name: 'Kari', phone: null, dateOfBirth: null, company: null, billingAddress: null });
    expect(patch.postalAddress).toEqual({ line1: '', line2: null, postalCode: '', city: 'Oslo', region: null, country: '' });
    const { errors } = await validatePatch(patch);
    expect(errors.map((e) => `${e.field}:${e.rule}`).sort()).toEqual([
      'postalAddress.country:isCountryCode',
      'postalAddress.line1:isNotEmpty',
      'postalAddress.postalCode:isNotEmpty',
      'postalAddress.postalCode:matches',
    ]);
  });

  it('validates with the same rules as the API and normalises the phone to E.164', async () => {
    const { dto, errors } = await validatePatch(formToPatch(empty({ phone: '+47 912 34 567', 'company.size': '2-10' })));
    expect(errors).toEqual([]);
    expect(dto.phone).toBe('+4791234567');
    expect(dto.company).toMatchObject({ name: null, size: '2-10', type: null });
  });

  it('changes only the fields whose value differs, treating empty parts as absent', () => {
    const current = profile({
      name: 'Kari',
      company: { name: 'Nordmann AS' },
      postalAddress: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
    });
    const diff = diffProfile(current, {
      name: 'Kari',
      phone: null,
      company: { name: 'Nordmann AS', size: null, type: null },
      postalAddress: { country: 'NO', city: 'Oslo', postalCode: '0155', line1: 'Storgata 1', line2: null },
      dateOfBirth: '1990-05-17',
    });
    expect(diff).toEqual({ set: { dateOfBirth: '1990-05-17' }, unset: [], fields: ['dateOfBirth'] });
    expect(diffProfile(current, { company: null }).unset).toEqual(['company']);
  });

  it('reads If-Match as a version, a wildcard, or something that matches nothing', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('*')).toBe('*');
    expect(parseIfMatch('"abc"')).toBe(-1);
  });

  it('picks the page language from ?lang, then the account, then Accept-Language', () => {
    const req = (query: Record<string, string>, acceptLanguage?: string) => ({ query, headers: { 'accept-language': acceptLanguage } }) as unknown as Request;
    expect(pageLocale(req({ lang: 'nb' }, 'en'), 'en')).toBe('nb');
    expect(pageLocale(req({}, 'en'), 'nb')).toBe('nb');
    expect(pageLocale(req({}, 'de-DE,no;q=0.8,en;q=0.5'))).toBe('nb');
    expect(pageLocale(req({}, 'en-US,nb;q=0.9'))).toBe('en');
    expect(pageLocale(req({ lang: 'fr' }, 'sv'))).toBe('en');
  });

  it('returns only to paths on this site', () => {
    expect(safeNext('/profile/export')).toBe('/profile/export');
    expect(safeNext('//evil.example/x')).toBe('/profile');
    expect(safeNext('https://evil.example')).toBe('/profile');
    expect(safeNext('/\\evil')).toBe('/profile');
  });

  it('shows exported records as readable rows', () => {
    expect(recordRows({ name: 'Kari', postalAddress: { city: 'Oslo' }, fields: ['name', 'phone'], empty: null })).toEqual([
      { key: 'name', value: 'Kari' },
      { key: 'postalAddress.city', value: 'Oslo' },
      { key: 'fields', value: 'name, phone' },
      { key: 'empty', value: '–' },
    ]);
  });
});
