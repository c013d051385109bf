import type { Localised, MailTemplate } from '../../notifications/templates/mail-template';

/** The security changes a notice is sent for (to the account's verified address only). */
export const SECURITY_CHANGES = ['linked', 'unlinked', 'email-changed', 'role-granted', 'role-revoked', 'facebook-removed'] as const;
export type SecurityChange = (typeof SECURITY_CHANGES)[number];

export const securityNoticeTemplate = (change: SecurityChange) => `identity.security-notice.${change}`;

/** What changed, in both languages ({{provider}}, {{role}} filled from the notice's data). */
const WHAT: Record<SecurityChange, { subject: Localised; what: Localised }> = {
  linked: {
    subject: { en: 'A sign-in method was added to your account', nb: 'En innloggingsmåte ble lagt til kontoen din' },
    what: {
      en: '{{provider}} was linked to your RightsDesk account: it can now be used to sign in.',
      nb: '{{provider}} ble koblet til RightsDesk-kontoen din og kan nå brukes til å logge inn.',
    },
  },
  unlinked: {
    subject: { en: 'A sign-in method was removed from your account', nb: 'En innloggingsmåte ble fjernet fra kontoen din' },
    what: {
      en: '{{provider}} was unlinked from your RightsDesk account: it can no longer be used to sign in.',
      nb: '{{provider}} ble koblet fra RightsDesk-kontoen din og kan ikke lenger brukes til å logge inn.',
    },
  },
  'email-changed': {
    subject: { en: 'Your email address was changed', nb: 'E-postadressen din ble endret' },
    what: {
      en: 'The email address of your RightsDesk account was changed to this one.',
      nb: 'E-postadressen til RightsDesk-kontoen din ble endret til denne.',
    },
  },
  'role-granted': {
    subject: { en: 'Your account was given a new role', nb: 'Kontoen din fikk en ny rolle' },
    what: { en: 'An administrator gave your RightsDesk account the {{role}} role.', nb: 'En administrator ga RightsDesk-kontoen din rollen {{role}}.' },
  },
  'role-revoked': {
    subject: { en: 'A role was removed from your account', nb: 'En rolle ble fjernet fra kontoen din' },
    what: {
      en: 'An administrator removed the {{role}} role from your RightsDesk account.',
      nb: 'En administrator fjernet rollen {{role}} fra RightsDesk-kontoen din.',
    },
  },
  'facebook-removed': {
    subject: { en: 'Your Facebook sign-in and its data were removed', nb: 'Facebook-innloggingen din og dataene fra den ble fjernet' },
    what: {
      en: 'Facebook asked us to delete the data we received from it. We removed your Facebook sign-in and the details that came only from Facebook. Your account stays, and you can still sign in with your other methods.',
      nb: 'Facebook ba oss slette dataene vi fikk derfra. Vi fjernet Facebook-innloggingen din og opplysningene som bare kom fra Facebook. Kontoen din består, og du kan fortsatt logge inn på de andre måtene.',
    },
  },
};

const WHEN: Localised = { en: 'When: {{when}}. Browser: {{browser}}.', nb: 'Når: {{when}}. Nettleser: {{browser}}.' };
const SESSIONS: Localised = {
  en: 'Every other place where you were signed in has been signed out.',
  nb: 'Du er logget ut alle andre steder der du var logget inn.',
};
const IF_NOT_YOU: Localised = {
  en: 'If this was not you: sign in at {{profileUrl}}, check the linked sign-in methods and your email address, unlink anything you do not recognise, and contact our support. Someone may have access to one of your sign-in accounts: change its password too.',
  nb: 'Var det ikke deg: logg inn på {{profileUrl}}, sjekk innloggingsmåtene og e-postadressen din, koble fra det du ikke kjenner igjen, og kontakt kundeservice. Noen kan ha tilgang til en av innloggingskontoene dine: bytt passordet der også.',
};

function build(change: SecurityChange): MailTemplate {
  const w = WHAT[change];
  const text = (l: 'en' | 'nb') =>
    `${w.what[l]}\n\n${WHEN[l]}\n${change === 'role-granted' || change === 'role-revoked' ? '' : `${SESSIONS[l]}\n`}\n${IF_NOT_YOU[l]}`;
  const html = (l: 'en' | 'nb') =>
    `<p>${w.what[l]}</p><p>${WHEN[l]}</p>${change === 'role-granted' || change === 'role-revoked' ? '' : `<p>${SESSIONS[l]}</p>`}<p>${IF_NOT_YOU[l].replace('{{profileUrl}}', '<a href="{{profileUrl}}">{{profileUrl}}</a>')}</p>`;
  return { subject: w.subject, text: { en: text('en'), nb: text('nb') }, html: { en: html('en'), nb: html('nb') } };
}

export const SECURITY_NOTICE_TEMPLATES: Record<string, MailTemplate> = Object.fromEntries(SECURITY_CHANGES.map((c) => [securityNoticeTemplate(c), build(c)]));
