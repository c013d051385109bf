import type { PageLocale } from './locale';

/** Strings of the shared page frame (header, footer), in every page language. */
export const LAYOUT_MESSAGES: Record<PageLocale, Record<string, string>> = {
  en: {
    'layout.skip': 'Skip to main content',
    'layout.brand': 'RightsDesk',
    'layout.nav.label': 'Main',
    'layout.nav.signin': 'Sign in',
    'layout.nav.signout': 'Sign out',
    'layout.lang.label': 'Language',
    'layout.footer': 'We use only the cookies this service needs to work.',
    'lang.en': 'English',
    'lang.nb': 'Norsk bokmål',
    'form.optional': 'optional',
    'form.error': 'Error',
  },
  nb: {
    'layout.skip': 'Gå til hovedinnholdet',
    'layout.brand': 'RightsDesk',
    'layout.nav.label': 'Hovedmeny',
    'layout.nav.signin': 'Logg inn',
    'layout.nav.signout': 'Logg ut',
    'layout.lang.label': 'Språk',
    'layout.footer': 'Vi bruker bare informasjonskapslene som tjenesten trenger for å fungere.',
    'lang.en': 'English',
    'lang.nb': 'Norsk bokmål',
    'form.optional': 'valgfritt',
    'form.error': 'Feil',
  },
};
