import type { Request } from 'express';
import '../../auth/session.types';
import { PAGE_LOCALES, PageLocale, withLang } from './locale';
import type { PageFrame } from './view-engine';

/** The frame of a page for this request: language switch links, sign-in state, CSRF token. */
export function pageFrame(
  req: Request,
  opts: {
    lang: PageLocale;
    messages: Record<string, string>;
    titleKey: string;
    current?: PageFrame['current'];
    csrf?: string;
    signedIn?: boolean;
    langPost?: boolean;
  },
): PageFrame {
  return {
    ...opts,
    langLinks: PAGE_LOCALES.map((code) => ({ code, href: withLang(req, code) })),
    langQuery: !opts.signedIn && typeof req.query?.lang === 'string',
    roles: req.account?.roles,
    currentPath: req.path,
  };
}

/** A same-site path to return to (never another origin). */
export function safeNext(next: unknown, fallback = '/profile'): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : fallback;
}
