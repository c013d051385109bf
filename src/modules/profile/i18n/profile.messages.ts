import type { PageLocale } from '../../../core/http/views/locale';
import { PROFILE_EN } from './profile.en';
import { PROFILE_NB } from './profile.nb';

export const PROFILE_MESSAGES: Record<PageLocale, Record<string, string>> = { en: PROFILE_EN, nb: PROFILE_NB };

/** One string in the page language, with {placeholders} filled. */
export function translate(lang: PageLocale, key: string, args: Record<string, unknown> = {}): string {
  const text = PROFILE_MESSAGES[lang][key] ?? PROFILE_MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (args[k] === undefined ? m : String(args[k])));
}
