import type { MailTemplate } from '../notifications/templates/mail-template';

export const TERMINATED_TEMPLATE = 'retention.terminated';
export const CANCELLED_TEMPLATE = 'retention.cancelled';
export const REMINDER_TEMPLATE = 'retention.reminder';

export const RETENTION_TEMPLATES: Record<string, MailTemplate> = {
  [TERMINATED_TEMPLATE]: {
    subject: { en: 'Your account is closed', nb: 'Kontoen din er avsluttet' },
    text: {
      en: 'Your RightsDesk account is closed. We will erase your data on {{purgeDate}} ({{days}} days from now), unless the law requires us to keep a record.\n\nChanged your mind? Sign in before then and cancel: {{profileUrl}}',
      nb: 'RightsDesk-kontoen din er avsluttet. Vi sletter opplysningene dine {{purgeDate}} (om {{days}} dager), med mindre loven krever at vi tar vare på noe.\n\nAngret? Logg inn før den tid og avbryt: {{profileUrl}}',
    },
    html: {
      en: '<p>Your RightsDesk account is closed. We will erase your data on <strong>{{purgeDate}}</strong> ({{days}} days from now), unless the law requires us to keep a record.</p><p>Changed your mind? <a href="{{profileUrl}}">Sign in before then and cancel</a>.</p>',
      nb: '<p>RightsDesk-kontoen din er avsluttet. Vi sletter opplysningene dine <strong>{{purgeDate}}</strong> (om {{days}} dager), med mindre loven krever at vi tar vare på noe.</p><p>Angret? <a href="{{profileUrl}}">Logg inn før den tid og avbryt</a>.</p>',
    },
  },
  [CANCELLED_TEMPLATE]: {
    subject: { en: 'Your account is open again', nb: 'Kontoen din er åpen igjen' },
    text: {
      en: 'You cancelled the closing of your RightsDesk account. Nothing will be erased.',
      nb: 'Du avbrøt avslutningen av RightsDesk-kontoen din. Ingenting blir slettet.',
    },
    html: {
      en: '<p>You cancelled the closing of your RightsDesk account. Nothing will be erased.</p>',
      nb: '<p>Du avbrøt avslutningen av RightsDesk-kontoen din. Ingenting blir slettet.</p>',
    },
  },
  [REMINDER_TEMPLATE]: {
    subject: { en: 'Your data will be erased on {{purgeDate}}', nb: 'Opplysningene dine slettes {{purgeDate}}' },
    text: {
      en: 'In 3 days, on {{purgeDate}}, we erase your closed RightsDesk account and its data. To keep it, sign in and cancel: {{profileUrl}}',
      nb: 'Om 3 dager, {{purgeDate}}, sletter vi den avsluttede RightsDesk-kontoen din og opplysningene. Vil du beholde den, logg inn og avbryt: {{profileUrl}}',
    },
    html: {
      en: '<p>In 3 days, on <strong>{{purgeDate}}</strong>, we erase your closed RightsDesk account and its data.</p><p>To keep it, <a href="{{profileUrl}}">sign in and cancel</a>.</p>',
      nb: '<p>Om 3 dager, <strong>{{purgeDate}}</strong>, sletter vi den avsluttede RightsDesk-kontoen din og opplysningene.</p><p>Vil du beholde den, <a href="{{profileUrl}}">logg inn og avbryt</a>.</p>',
    },
  },
};
