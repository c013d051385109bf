import type { MailTemplate } from '../profile/profile-mail.templates';

/** The emails of the requests desk (Handlebars placeholders, filled from NotificationsService.send data). */
export const REQUEST_MAIL = {
  verify: 'requests.verify',
  received: 'requests.received',
  extended: 'requests.extended',
  rejected: 'requests.rejected',
  completed: 'requests.completed',
  access: 'requests.access-ready',
  referred: 'requests.refer-to-controller',
  digest: 'requests.agent-digest',
  reply: 'requests.agent-reply',
} as const;

const t = (en: string, nb: string) => ({ en, nb });
const both = (text: { en: string; nb: string }) => ({
  text,
  html: { en: `<p>${text.en.replace(/\n\n/g, '</p><p>')}</p>`, nb: `<p>${text.nb.replace(/\n\n/g, '</p><p>')}</p>` },
});

export const REQUEST_MAIL_TEMPLATES: Record<string, MailTemplate> = {
  [REQUEST_MAIL.verify]: {
    subject: t('Confirm your data-rights request', 'Bekreft forespørselen din om personopplysninger'),
    ...both(
      t(
        'We received a request ({{typeLabel}}) that names this address. To go ahead, confirm that the address is yours: {{link}}\n\nThe link works once, until {{expiresAt}}. If you did not ask, ignore this email: the request is deleted with everything in it.',
        'Vi har mottatt en forespørsel ({{typeLabel}}) med denne adressen. Bekreft at adressen er din for å gå videre: {{link}}\n\nLenken virker én gang, til {{expiresAt}}. Har du ikke bedt om dette, kan du se bort fra e-posten: forespørselen slettes med alt innhold.',
      ),
    ),
  },
  [REQUEST_MAIL.received]: {
    subject: t('We are working on your request', 'Vi behandler forespørselen din'),
    ...both(
      t(
        'Your request ({{typeLabel}}) is confirmed. We answer by {{dueAt}}.\n\nSee its status at any time: {{statusLink}}',
        'Forespørselen din ({{typeLabel}}) er bekreftet. Vi svarer innen {{dueAt}}.\n\nSe status når som helst: {{statusLink}}',
      ),
    ),
  },
  [REQUEST_MAIL.extended]: {
    subject: t('We need more time for your request', 'Vi trenger mer tid til forespørselen din'),
    ...both(
      t(
        'We have extended the deadline for your request ({{typeLabel}}) to {{dueAt}}, as GDPR Art. 12(3) allows. Why: {{reason}}\n\nStatus: {{statusLink}}',
        'Vi har forlenget fristen for forespørselen din ({{typeLabel}}) til {{dueAt}}, slik personvernforordningen art. 12 nr. 3 tillater. Hvorfor: {{reason}}\n\nStatus: {{statusLink}}',
      ),
    ),
  },
  [REQUEST_MAIL.rejected]: {
    subject: t('About your data-rights request', 'Om forespørselen din'),
    ...both(
      t(
        'We cannot carry out your request ({{typeLabel}}). Why: {{reason}}\n\nYou may complain to your data protection authority.\n\nStatus: {{statusLink}}',
        'Vi kan ikke gjennomføre forespørselen din ({{typeLabel}}). Hvorfor: {{reason}}\n\nDu kan klage til Datatilsynet.\n\nStatus: {{statusLink}}',
      ),
    ),
  },
  [REQUEST_MAIL.completed]: {
    subject: t('Your request is done', 'Forespørselen din er gjennomført'),
    ...both(t('Your request ({{typeLabel}}) is done.\n\n{{summary}}', 'Forespørselen din ({{typeLabel}}) er gjennomført.\n\n{{summary}}')),
  },
  [REQUEST_MAIL.access]: {
    subject: t('Your copy of your data is ready', 'Kopien av opplysningene dine er klar'),
    ...both(
      t(
        'The copy of the data we hold about you (with purposes, recipients, retention and sources) is ready: {{link}}\n\nThe link works until {{expiresAt}}.',
        'Kopien av opplysningene vi har om deg (med formål, mottakere, lagringstid og kilder) er klar: {{link}}\n\nLenken virker til {{expiresAt}}.',
      ),
    ),
  },
  [REQUEST_MAIL.referred]: {
    subject: t('Your request concerns data another company controls', 'Forespørselen din gjelder opplysninger et annet selskap har ansvaret for'),
    ...both(
      t(
        'The data your request ({{typeLabel}}) is about is held by us on behalf of {{controller}}, which decides what happens to it (the controller; we are its processor). Please send your request to {{controller}}; we will help them answer it.',
        'Opplysningene forespørselen din ({{typeLabel}}) gjelder, behandler vi på vegne av {{controller}}, som bestemmer over dem (behandlingsansvarlig; vi er databehandler). Send forespørselen til {{controller}}; vi hjelper dem å svare.',
      ),
    ),
  },
  [REQUEST_MAIL.digest]: {
    subject: t('Requests desk: {{count}} due within 7 days', 'Forespørsler: {{count}} med frist innen 7 dager'),
    ...both(
      t(
        'Open requests due soon or overdue: {{count}} ({{overdue}} overdue).\n\n{{lines}}\n\nQueue: {{queueLink}}',
        'Åpne forespørsler med frist snart eller passert: {{count}} ({{overdue}} over fristen).\n\n{{lines}}\n\nKø: {{queueLink}}',
      ),
    ),
  },
};

REQUEST_MAIL_TEMPLATES[REQUEST_MAIL.reply] = {
  subject: t('About your request', 'Om forespørselen din'),
  text: t('{{body}}', '{{body}}'),
  html: { en: '<p style="white-space:pre-wrap">{{body}}</p>', nb: '<p style="white-space:pre-wrap">{{body}}</p>' },
};

export const TYPE_LABELS: Record<string, { en: string; nb: string }> = {
  access: t('a copy of your data', 'innsyn'),
  confirmation: t('do you hold data about me?', 'har dere opplysninger om meg?'),
  erasure: t('erasure', 'sletting'),
  rectification: t('correction', 'retting'),
  objection: t('objection to marketing', 'protest mot markedsføring'),
  child_report: t('report about a child', 'melding om et barn'),
};
