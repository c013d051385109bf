import type { Request } from 'express';

export const PAGE_LOCALES = ['en', 'nb'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

const isLocale = (v: unknown): v is PageLocale => typeof v === 'string' && (PAGE_LOCALES as readonly string[]).includes(v);

/** Norwegian in any form (nb, no, nn) reads Bokmål; English when English comes first; else undefined. */
export function fromAcceptLanguage(header: string | undefined): PageLocale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb';
    if (primary === 'en') return 'en';
  }
  return undefined;
}

/** The language a browser asks for: Norwegian (nb, no, nn) reads Bokmål; anything else English. */
export function browserLocale(req: Pick<Request, 'headers'>): PageLocale {
  return fromAcceptLanguage(req.headers['accept-language']) ?? 'en';
}

/** What pages need of an account's language: the stored one, and whether the person chose it. */
export interface LocalePreference {
  locale: string;
  /** false: taken from the browser at sign-up, so the browser still decides */
  localeChosen?: boolean;
}

/**
 * The language of a page: `?lang=` (the switch on every page) wins, then a language the signed-in
 * person chose in My Profile, then the browser's Accept-Language, then the account's stored language
 * (taken from the browser at sign-up), then English. A plain string is a chosen language.
 */
export function pageLocale(req: Request, account?: string | LocalePreference): PageLocale {
  const q = req.query?.lang;
  if (isLocale(q)) return q;
  const pref = typeof account === 'string' ? { locale: account, localeChosen: true } : account;
  if (pref?.localeChosen && isLocale(pref.locale)) return pref.locale;
  return fromAcceptLanguage(req.headers['accept-language']) ?? (pref && isLocale(pref.locale) ? pref.locale : 'en');
}

/** The same path with another ?lang=, for the language switch. */
export function withLang(req: Request, lang: PageLocale): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}
