import type { MailTemplate } from '../notifications/templates/mail-template';

export const ERASURE_RECEIPT_TEMPLATE = 'erasure.receipt';

/** The receipt: the last message a person gets from us. */
export const ERASURE_TEMPLATES: Record<string, MailTemplate> = {
  [ERASURE_RECEIPT_TEMPLATE]: {
    subject: { en: 'Your data has been erased', nb: 'Dataene dine er slettet' },
    text: {
      en: 'On {{erasedAt}} UTC we erased your RightsDesk account and the data we held about you ({{deleted}} records).\n\nKept because the law requires it: {{kept}}.\n\nReceipt number: {{receipt}}. This is the last email you get from us.',
      nb: '{{erasedAt}} UTC slettet vi RightsDesk-kontoen din og opplysningene vi hadde om deg ({{deleted}} oppføringer).\n\nBeholdt fordi loven krever det: {{kept}}.\n\nKvitteringsnummer: {{receipt}}. Dette er den siste e-posten du får fra oss.',
    },
    html: {
      en: '<p>On {{erasedAt}} UTC we erased your RightsDesk account and the data we held about you ({{deleted}} records).</p><p><strong>Kept because the law requires it:</strong> {{kept}}.</p><p>Receipt number: <code>{{receipt}}</code>. This is the last email you get from us.</p>',
      nb: '<p>{{erasedAt}} UTC slettet vi RightsDesk-kontoen din og opplysningene vi hadde om deg ({{deleted}} oppføringer).</p><p><strong>Beholdt fordi loven krever det:</strong> {{kept}}.</p><p>Kvitteringsnummer: <code>{{receipt}}</code>. Dette er den siste e-posten du får fra oss.</p>',
    },
  },
};
