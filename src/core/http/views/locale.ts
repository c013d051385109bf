import type { Request } from 'express';

export const PAGE_LOCALES = ['en', 'nb'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

const isLocale = (v: unknown): v is PageLocale => typeof v === 'string' && (PAGE_LOCALES as readonly string[]).includes(v);

/** Norwegian in any form (nb, no, nn) reads Bokmål; English otherwise. */
function fromAcceptLanguage(header: string | undefined): PageLocale | undefined {
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

/**
 * The language of a page: `?lang=` (the switch on every page) wins, then the signed-in account's
 * preference, then the browser's Accept-Language, then English.
 */
export function pageLocale(req: Request, accountLocale?: string): PageLocale {
  const q = req.query?.lang;
  if (isLocale(q)) return q;
  if (isLocale(accountLocale)) return accountLocale;
  return fromAcceptLanguage(req.headers['accept-language']) ?? 'en';
}

/** The same path with another ?lang=, for the language switch. */
export function withLang(req: Request, lang: PageLocale): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}
