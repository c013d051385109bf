import type { MailTemplate } from '../notifications/templates/mail-template';

/**
 * The emails of transfers, registered in TransfersModule.onModuleInit.
 * Art. 19 notice (to a recipient): `recipient`, `subjectId`, `categories`, `first`, `last`, `erasure` or
 * `rectification` with `fields`, `ackLink`, `reminder`. Successor notice (to an account): `successor`,
 * `country`, `effectiveDate`, `categories`, `portalLink`, `closeLink`.
 */
export const ART19_NOTICE_TEMPLATE = 'transfers.art19-notice';
export const SUCCESSOR_NOTICE_TEMPLATE = 'transfers.successor-notice';

export const TRANSFER_TEMPLATES: Record<string, MailTemplate> = {
  [ART19_NOTICE_TEMPLATE]: {
    subject: {
      en: '{{#if reminder}}Reminder: {{/if}}{{#if erasure}}Erasure{{/if}}{{#if rectification}}Correction{{/if}} of personal data we disclosed to you (subject {{subjectId}})',
      nb: '{{#if reminder}}Påminnelse: {{/if}}{{#if erasure}}Sletting{{/if}}{{#if rectification}}Retting{{/if}} av personopplysninger vi har utlevert til dere (person {{subjectId}})',
    },
    text: {
      en: "To {{recipient}}:\n\nBetween {{first}} and {{last}} we disclosed to you personal data ({{categories}}) about the person with reference {{subjectId}}.\n\n{{#if erasure}}That person's data has now been erased by us (GDPR Art. 17). Under Art. 19 GDPR we ask you to erase the data we disclosed to you about them, unless a law requires you to keep it.{{/if}}{{#if rectification}}That person has corrected these details: {{fields}} (GDPR Art. 16). Under Art. 19 GDPR we ask you to update the data we disclosed to you; fetch the current values through your usual integration.{{/if}}\n\nPlease confirm that you have acted on this notice: {{ackLink}}\n\nThis notice names the person only by the reference you received with the data.",
      nb: 'Til {{recipient}}:\n\nMellom {{first}} og {{last}} utleverte vi personopplysninger ({{categories}}) om personen med referanse {{subjectId}} til dere.\n\n{{#if erasure}}Opplysningene om denne personen er nå slettet hos oss (personvernforordningen art. 17). Etter art. 19 ber vi dere slette opplysningene vi utleverte om personen, med mindre lov krever at dere beholder dem.{{/if}}{{#if rectification}}Personen har rettet disse opplysningene: {{fields}} (art. 16). Etter art. 19 ber vi dere oppdatere opplysningene vi utleverte; hent de gjeldende verdiene gjennom den vanlige integrasjonen.{{/if}}\n\nBekreft at dere har fulgt opp denne meldingen: {{ackLink}}\n\nMeldingen navngir personen bare med referansen dere fikk sammen med opplysningene.',
    },
    html: {
      en: '<p>To {{recipient}}:</p><p>Between {{first}} and {{last}} we disclosed to you personal data ({{categories}}) about the person with reference <code>{{subjectId}}</code>.</p>{{#if erasure}}<p>That person\'s data has now been <strong>erased</strong> by us (GDPR Art. 17). Under Art. 19 GDPR we ask you to erase the data we disclosed to you about them, unless a law requires you to keep it.</p>{{/if}}{{#if rectification}}<p>That person has <strong>corrected</strong> these details: {{fields}} (GDPR Art. 16). Under Art. 19 GDPR we ask you to update the data we disclosed to you; fetch the current values through your usual integration.</p>{{/if}}<p><a href="{{ackLink}}">Confirm that you have acted on this notice</a></p><p><small>This notice names the person only by the reference you received with the data.</small></p>',
      nb: '<p>Til {{recipient}}:</p><p>Mellom {{first}} og {{last}} utleverte vi personopplysninger ({{categories}}) om personen med referanse <code>{{subjectId}}</code> til dere.</p>{{#if erasure}}<p>Opplysningene om denne personen er nå <strong>slettet</strong> hos oss (personvernforordningen art. 17). Etter art. 19 ber vi dere slette opplysningene vi utleverte om personen, med mindre lov krever at dere beholder dem.</p>{{/if}}{{#if rectification}}<p>Personen har <strong>rettet</strong> disse opplysningene: {{fields}} (art. 16). Etter art. 19 ber vi dere oppdatere opplysningene vi utleverte; hent de gjeldende verdiene gjennom den vanlige integrasjonen.</p>{{/if}}<p><a href="{{ackLink}}">Bekreft at dere har fulgt opp meldingen</a></p><p><small>Meldingen navngir personen bare med referansen dere fikk sammen med opplysningene.</small></p>',
    },
  },
  [SUCCESSOR_NOTICE_TEMPLATE]: {
    subject: {
      en: 'Your data moves to {{successor}} on {{effectiveDate}}',
      nb: 'Opplysningene dine flyttes til {{successor}} {{effectiveDate}}',
    },
    text: {
      en: 'Our business is passing to {{successor}} ({{country}}). On {{effectiveDate}} your personal data ({{categories}}) will be transferred to them, as our privacy policy describes for a merger, acquisition or sale of assets.\n\nRead more and acknowledge this notice: {{portalLink}}\n\nIf you do not want this, you can close your account before {{effectiveDate}}: {{closeLink}}',
      nb: 'Virksomheten vår overtas av {{successor}} ({{country}}). {{effectiveDate}} overføres personopplysningene dine ({{categories}}) til dem, slik personvernerklæringen vår beskriver ved fusjon, oppkjøp eller salg av eiendeler.\n\nLes mer og bekreft at du har sett meldingen: {{portalLink}}\n\nØnsker du ikke dette, kan du avslutte kontoen din før {{effectiveDate}}: {{closeLink}}',
    },
    html: {
      en: '<p>Our business is passing to <strong>{{successor}}</strong> ({{country}}). On <strong>{{effectiveDate}}</strong> your personal data ({{categories}}) will be transferred to them, as our privacy policy describes for a merger, acquisition or sale of assets.</p><p><a href="{{portalLink}}">Read more and acknowledge this notice</a></p><p>If you do not want this, you can <a href="{{closeLink}}">close your account</a> before {{effectiveDate}}.</p>',
      nb: '<p>Virksomheten vår overtas av <strong>{{successor}}</strong> ({{country}}). <strong>{{effectiveDate}}</strong> overføres personopplysningene dine ({{categories}}) til dem, slik personvernerklæringen vår beskriver ved fusjon, oppkjøp eller salg av eiendeler.</p><p><a href="{{portalLink}}">Les mer og bekreft at du har sett meldingen</a></p><p>Ønsker du ikke dette, kan du <a href="{{closeLink}}">avslutte kontoen din</a> før {{effectiveDate}}.</p>',
    },
  },
};
