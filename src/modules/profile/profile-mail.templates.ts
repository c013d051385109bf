/**
 * The emails My Profile sends, registered with NotificationsService in ProfileModule.onModuleInit.
 * Placeholders are Handlebars ({{link}}), filled from the `data` of NotificationsService.send.
 */
export const EMAIL_CHANGE_CONFIRM_TEMPLATE = 'profile.email-change.confirm';
export const EMAIL_CHANGE_NOTICE_TEMPLATE = 'profile.email-change.notice';

type Localised = { en: string; nb: string };
export interface MailTemplate {
  subject: Localised;
  html: Localised;
  text: Localised;
}

export const PROFILE_MAIL_TEMPLATES: Record<string, MailTemplate> = {
  [EMAIL_CHANGE_CONFIRM_TEMPLATE]: {
    subject: { en: 'Confirm your new email address', nb: 'Bekreft den nye e-postadressen din' },
    text: {
      en: 'Someone (hopefully you) asked to use this address for their RightsDesk account.\n\nConfirm it here: {{link}}\n\nThe link works until {{expiresAt}}. If it was not you, or you did not ask for it from your own account, ignore this email: confirming gives the account that asked this address, and nothing changes if you do not.',
      nb: 'Noen (forhåpentligvis du) har bedt om å bruke denne adressen for RightsDesk-kontoen sin.\n\nBekreft her: {{link}}\n\nLenken virker til {{expiresAt}}. Var det ikke deg, eller ba du ikke om dette fra din egen konto, se bort fra denne e-posten: bekrefter du, får kontoen som ba om det denne adressen, og ingenting endres hvis du lar være.',
    },
    html: {
      en: '<p>Someone (hopefully you) asked to use this address for their RightsDesk account.</p><p><a href="{{link}}">Confirm the new email address</a></p><p>The link works until {{expiresAt}}. If it was not you, or you did not ask for it from your own account, ignore this email: confirming gives the account that asked this address, and nothing changes if you do not.</p>',
      nb: '<p>Noen (forhåpentligvis du) har bedt om å bruke denne adressen for RightsDesk-kontoen sin.</p><p><a href="{{link}}">Bekreft den nye e-postadressen</a></p><p>Lenken virker til {{expiresAt}}. Var det ikke deg, eller ba du ikke om dette fra din egen konto, se bort fra denne e-posten: bekrefter du, får kontoen som ba om det denne adressen, og ingenting endres hvis du lar være.</p>',
    },
  },
  [EMAIL_CHANGE_NOTICE_TEMPLATE]: {
    subject: { en: 'Your email address is about to change', nb: 'E-postadressen din er i ferd med å endres' },
    text: {
      en: 'Someone signed in to your RightsDesk account asked to change its email address to {{newEmail}}. The change happens only when the new address is confirmed.\n\nIf this was not you, sign in and check your account: {{profileUrl}}',
      nb: 'Noen som er logget inn på RightsDesk-kontoen din, har bedt om å endre e-postadressen til {{newEmail}}. Endringen skjer først når den nye adressen er bekreftet.\n\nVar det ikke deg, logg inn og sjekk kontoen din: {{profileUrl}}',
    },
    html: {
      en: '<p>Someone signed in to your RightsDesk account asked to change its email address to <strong>{{newEmail}}</strong>. The change happens only when the new address is confirmed.</p><p>If this was not you, <a href="{{profileUrl}}">sign in and check your account</a>.</p>',
      nb: '<p>Noen som er logget inn på RightsDesk-kontoen din, har bedt om å endre e-postadressen til <strong>{{newEmail}}</strong>. Endringen skjer først når den nye adressen er bekreftet.</p><p>Var det ikke deg, <a href="{{profileUrl}}">logg inn og sjekk kontoen din</a>.</p>',
    },
  },
};
