import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import nb from 'i18n-iso-countries/langs/nb.json';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PageLocale } from '../../../core/http/views/locale';
import { translate } from '../i18n/profile.messages';
import type { ProfileView } from '../profile.view';
import { COMPANY_SIZES, COMPANY_TYPES } from '../schemas/profile.schema';
import type { ProfileChange } from '../schemas/profile-change.schema';
import { ADDRESS_PARTS, FormBody, RuleError } from '../validation/profile-form';
import type { FieldModel, ProfilePageModel } from './profile.page';

countries.registerLocale(en);
countries.registerLocale(nb);

const PROVIDER_NAMES: Record<string, string> = { google: 'Google', facebook: 'Facebook', linkedin: 'LinkedIn' };
export const providerLabel = (p: string) => PROVIDER_NAMES[p] ?? p;

export function formatWhen(lang: PageLocale, at: Date | string): string {
  const d = new Date(at);
  return `${new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(d)} UTC`;
}

export function formatDay(lang: PageLocale, at: Date | string): string {
  return new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(at));
}

export function sourceLabel(lang: PageLocale, source: string): string {
  if (source.startsWith('provider:')) return translate(lang, 'source.provider', { provider: providerLabel(source.slice('provider:'.length)) });
  return translate(lang, `source.${source}`);
}

const countryCache = new Map<PageLocale, { value: string; label: string }[]>();
function countryList(lang: PageLocale) {
  let list = countryCache.get(lang);
  if (!list) {
    list = Object.entries(countries.getNames(lang, { select: 'official' }))
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label, lang));
    countryCache.set(lang, list);
  }
  return list;
}

/** The stored profile as the form's flat values. */
export function profileToForm(view: ProfileView): Record<string, string> {
  const out: Record<string, string> = {
    name: view.name ?? '',
    phone: view.phone ? (parsePhoneNumberFromString(view.phone)?.formatInternational() ?? view.phone) : '',
    dateOfBirth: view.dateOfBirth ?? '',
    'company.name': view.company.name ?? '',
    'company.size': view.company.size ?? '',
    'company.type': view.company.type ?? '',
    'billingAddress.companyName': view.billingAddress?.companyName ?? '',
  };
  for (const part of ADDRESS_PARTS) {
    out[`postalAddress.${part}`] = (view.postalAddress?.[part] as string | undefined) ?? '';
    out[`billingAddress.${part}`] = (view.billingAddress?.[part] as string | undefined) ?? '';
  }
  return out;
}

export function formValues(body: FormBody): Record<string, string> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '')]));
}

export interface ProfilePageInput {
  lang: PageLocale;
  csrf: string;
  view: ProfileView;
  /** What the person typed, shown again when the form had errors */
  values?: Record<string, string>;
  errors?: RuleError[];
  notices?: string[];
  warnings?: string[];
  history: ProfileChange[];
  marketing: { available: boolean; consent: boolean };
  linked: ProfilePageModel['linked'];
  pendingEmail?: { email: string; until: Date };
  emailValue?: string;
  emailError?: string;
  closeError?: string;
  retentionDays: number;
}

/** Builds the view model of GET /profile: labels, values and errors per field, in the page language. */
export function buildProfilePage(input: ProfilePageInput): ProfilePageModel {
  const { lang } = input;
  const t = (key: string, args?: Record<string, unknown>) => translate(lang, key, args);
  const values = input.values ?? profileToForm(input.view);
  const errorOf = new Map<string, string>();
  const message = (rule: string) => (translate('en', `error.${rule}`) === `error.${rule}` ? t('error.generic') : t(`error.${rule}`));
  // One message per field; "enter a value" says more than a format rule about an empty field.
  const ordered = [...(input.errors ?? [])].sort((a, b) => Number(b.rule === 'isNotEmpty') - Number(a.rule === 'isNotEmpty'));
  for (const e of ordered) if (!errorOf.has(e.field)) errorOf.set(e.field, message(e.rule));
  const sourceHint = (field: string) => {
    const s = input.view.sources[field];
    return s?.startsWith('provider:') ? t('source.label', { source: sourceLabel(lang, s) }) : undefined;
  };
  const f = (name: string, labelKey: string, extra: Partial<FieldModel> = {}): FieldModel => ({
    name,
    label: t(labelKey),
    value: values[name] ?? '',
    error: errorOf.get(name),
    ...extra,
  });
  const choice = (name: string, labelKey: string, options: { value: string; label: string }[], extra: Partial<FieldModel> = {}): FieldModel => ({
    ...f(name, labelKey, extra),
    options: options.map((o) => ({ ...o, selected: o.value === (values[name] ?? '') })),
  });
  const countryOptions = [{ value: '', label: t('country.none') }, ...countryList(lang)];
  const address = (prefix: string, autoPrefix: string): FieldModel[] => [
    f(`${prefix}.line1`, 'field.line1', { autocomplete: `${autoPrefix} address-line1`, maxlength: 200 }),
    f(`${prefix}.line2`, 'field.line2', { autocomplete: `${autoPrefix} address-line2`, optional: true, maxlength: 200 }),
    f(`${prefix}.postalCode`, 'field.postalCode', { autocomplete: `${autoPrefix} postal-code`, maxlength: 12 }),
    f(`${prefix}.city`, 'field.city', { autocomplete: `${autoPrefix} address-level2`, maxlength: 100 }),
    f(`${prefix}.region`, 'field.region', { autocomplete: `${autoPrefix} address-level1`, optional: true, maxlength: 100 }),
    choice(`${prefix}.country`, 'field.country', countryOptions, { autocomplete: `${autoPrefix} country` }),
  ];
  const details = [
    f('name', 'field.name', { autocomplete: 'name', hint: sourceHint('name'), maxlength: 200, wide: true }),
    f('phone', 'field.phone', { type: 'tel', autocomplete: 'tel', hint: t('field.phone.hint') }),
    f('dateOfBirth', 'field.dateOfBirth', { type: 'date', autocomplete: 'bday', hint: t('field.dateOfBirth.hint') }),
  ];
  const company = [
    f('company.name', 'field.company.name', { autocomplete: 'organization', maxlength: 200 }),
    choice('company.size', 'field.company.size', [
      { value: '', label: t('company.size.none') },
      ...COMPANY_SIZES.map((s) => ({ value: s, label: t(`company.size.${s}`) })),
    ]),
    choice('company.type', 'field.company.type', [
      { value: '', label: t('company.type.none') },
      ...COMPANY_TYPES.map((s) => ({ value: s, label: t(`company.type.${s}`) })),
    ]),
  ];
  const postal = address('postalAddress', 'shipping');
  const billing = [
    f('billingAddress.companyName', 'field.billingAddress.companyName', { autocomplete: 'billing organization', optional: true, maxlength: 200, wide: true }),
    ...address('billingAddress', 'billing'),
  ];
  const all = [...details, ...company, ...postal, ...billing];
  const errorSummary = all.filter((x) => x.error).map((x) => ({ href: `#${x.name.replace(/[^A-Za-z0-9_-]/g, '-')}`, message: `${x.label}: ${x.error}` }));
  for (const e of input.errors ?? []) {
    if (!all.some((x) => x.name === e.field)) errorSummary.push({ href: '#details-title', message: `${e.field}: ${message(e.rule)}` });
  }
  if (input.emailError) errorSummary.push({ href: '#newEmail', message: `${t('email.new')}: ${input.emailError}` });
  if (input.closeError) errorSummary.push({ href: '#confirm-close', message: input.closeError });
  return {
    csrf: input.csrf,
    version: input.view.version,
    notices: input.notices ?? [],
    warnings: input.warnings ?? [],
    errorSummary,
    details,
    company,
    postal,
    billing,
    email: {
      current: input.view.email ?? undefined,
      field: {
        name: 'newEmail',
        label: t('email.new'),
        type: 'email',
        autocomplete: 'email',
        value: input.emailValue ?? '',
        error: input.emailError,
        maxlength: 254,
      },
      pending: input.pendingEmail ? { email: input.pendingEmail.email, until: formatWhen(lang, input.pendingEmail.until) } : undefined,
    },
    marketing: input.marketing,
    language: {
      name: 'locale',
      label: t('language.label'),
      options: [
        { value: 'en', label: 'English', selected: lang === 'en' },
        { value: 'nb', label: 'Norsk bokmål', selected: lang === 'nb' },
      ],
    },
    linked: input.linked,
    history: input.history.map((h) => ({
      when: formatWhen(lang, h.at),
      fields: h.fields.map((x) => t(`fields.${x}`)).join(', '),
      who: sourceLabel(lang, h.source),
    })),
    close: { days: input.retentionDays, error: input.closeError },
  };
}
