import type { MailTemplate } from '../notifications/templates/mail-template';

/**
 * The emails of testimonials, registered in TestimonialsModule.onModuleInit. Data: `quote`, `shown`
 * (how it will appear), `disclosure`, `link`, `expiresAt`; receipts add `receiptId`, `at`, `scope`,
 * `sha256`, `event*` flags and `withdrawLink` for a grant.
 */
export const CONSENT_REQUEST_TEMPLATE = 'testimonials.consent-request';
export const RECONFIRM_TEMPLATE = 'testimonials.reconfirm';
export const RECEIPT_TEMPLATE = 'testimonials.receipt';

const quoteText = {
  en: '"{{quote}}"\n— {{shown}}{{#if disclosure}}\n({{disclosure}}){{/if}}',
  nb: '«{{quote}}»\n— {{shown}}{{#if disclosure}}\n({{disclosure}}){{/if}}',
};
const quoteHtml = {
  en: '<blockquote style="border-left:4px solid #0b57d0;margin:1em 0;padding:.5em 1em">“{{quote}}”<br>— {{shown}}{{#if disclosure}}<br><small>{{disclosure}}</small>{{/if}}</blockquote>',
  nb: '<blockquote style="border-left:4px solid #0b57d0;margin:1em 0;padding:.5em 1em">«{{quote}}»<br>— {{shown}}{{#if disclosure}}<br><small>{{disclosure}}</small>{{/if}}</blockquote>',
};

export const TESTIMONIAL_TEMPLATES: Record<string, MailTemplate> = {
  [CONSENT_REQUEST_TEMPLATE]: {
    subject: { en: 'May we publish your testimonial?', nb: 'Kan vi publisere uttalelsen din?' },
    text: {
      en: `We would like to publish this quote from you on our website:\n\n${quoteText.en}\n\nOpen the link to see exactly how it would appear, choose which of your details may be shown, and say yes or no: {{link}}\n\nNothing is published unless you agree. The link works until {{expiresAt}}. You can withdraw your consent at any time.`,
      nb: `Vi vil gjerne publisere denne uttalelsen fra deg på nettstedet vårt:\n\n${quoteText.nb}\n\nÅpne lenken for å se nøyaktig hvordan den vil se ut, velg hvilke opplysninger om deg som kan vises, og svar ja eller nei: {{link}}\n\nIngenting publiseres uten at du sier ja. Lenken virker til {{expiresAt}}. Du kan når som helst trekke samtykket tilbake.`,
    },
    html: {
      en: `<p>We would like to publish this quote from you on our website:</p>${quoteHtml.en}<p><a href="{{link}}">See exactly how it would appear and decide</a></p><p>Nothing is published unless you agree. The link works until {{expiresAt}}. You can withdraw your consent at any time.</p>`,
      nb: `<p>Vi vil gjerne publisere denne uttalelsen fra deg på nettstedet vårt:</p>${quoteHtml.nb}<p><a href="{{link}}">Se nøyaktig hvordan den vil se ut, og bestem deg</a></p><p>Ingenting publiseres uten at du sier ja. Lenken virker til {{expiresAt}}. Du kan når som helst trekke samtykket tilbake.</p>`,
    },
  },
  [RECONFIRM_TEMPLATE]: {
    subject: { en: 'Do you still stand by your testimonial?', nb: 'Står du fortsatt inne for uttalelsen din?' },
    text: {
      en: `Some time ago you let us publish this quote:\n\n${quoteText.en}\n\nWe show it only while it still reflects your view. Please confirm or withdraw it here: {{link}}\n\nIf we do not hear from you by {{expiresAt}}, we take it down.`,
      nb: `For en tid siden lot du oss publisere denne uttalelsen:\n\n${quoteText.nb}\n\nVi viser den bare så lenge den fortsatt gir uttrykk for ditt syn. Bekreft eller trekk den tilbake her: {{link}}\n\nHører vi ikke fra deg innen {{expiresAt}}, tar vi den ned.`,
    },
    html: {
      en: `<p>Some time ago you let us publish this quote:</p>${quoteHtml.en}<p>We show it only while it still reflects your view. <a href="{{link}}">Confirm or withdraw it</a>.</p><p>If we do not hear from you by {{expiresAt}}, we take it down.</p>`,
      nb: `<p>For en tid siden lot du oss publisere denne uttalelsen:</p>${quoteHtml.nb}<p>Vi viser den bare så lenge den fortsatt gir uttrykk for ditt syn. <a href="{{link}}">Bekreft eller trekk den tilbake</a>.</p><p>Hører vi ikke fra deg innen {{expiresAt}}, tar vi den ned.</p>`,
    },
  },
  [RECEIPT_TEMPLATE]: {
    subject: {
      en: '{{#if granted}}Your consent to publish your testimonial{{/if}}{{#if declined}}You declined to have your testimonial published{{/if}}{{#if withdrawn}}You withdrew your testimonial consent{{/if}}{{#if expired}}Your testimonial consent has expired{{/if}} (receipt {{receiptId}})',
      nb: '{{#if granted}}Samtykket ditt til å publisere uttalelsen{{/if}}{{#if declined}}Du sa nei til å publisere uttalelsen{{/if}}{{#if withdrawn}}Du trakk tilbake samtykket til uttalelsen{{/if}}{{#if expired}}Samtykket til uttalelsen din er utløpt{{/if}} (kvittering {{receiptId}})',
    },
    text: {
      en: `Consent receipt {{receiptId}}\nWhen: {{at}}\nHow: {{method}}\nWhat: {{#if granted}}consent given{{/if}}{{#if declined}}consent refused{{/if}}{{#if withdrawn}}consent withdrawn{{/if}}{{#if expired}}consent expired (not reconfirmed){{/if}}\nText (version {{textVersion}}, SHA-256 {{sha256}}):\n\n${quoteText.en}\n\nDetails that may be shown: {{scope}}\nPrivacy policy version: {{policyVersion}}\n{{#if validUntil}}Valid until: {{validUntil}} unless you confirm it again\n{{/if}}{{#if withdrawLink}}\nWithdraw your consent at any time: {{withdrawLink}}\n{{/if}}{{#if gone}}\nThe testimonial is no longer shown.\n{{/if}}`,
      nb: `Samtykkekvittering {{receiptId}}\nNår: {{at}}\nHvordan: {{method}}\nHva: {{#if granted}}samtykke gitt{{/if}}{{#if declined}}samtykke avslått{{/if}}{{#if withdrawn}}samtykke trukket tilbake{{/if}}{{#if expired}}samtykket er utløpt (ikke bekreftet på nytt){{/if}}\nTekst (versjon {{textVersion}}, SHA-256 {{sha256}}):\n\n${quoteText.nb}\n\nOpplysninger som kan vises: {{scope}}\nVersjon av personvernerklæringen: {{policyVersion}}\n{{#if validUntil}}Gyldig til: {{validUntil}} hvis du ikke bekrefter på nytt\n{{/if}}{{#if withdrawLink}}\nTrekk samtykket tilbake når som helst: {{withdrawLink}}\n{{/if}}{{#if gone}}\nUttalelsen vises ikke lenger.\n{{/if}}`,
    },
    html: {
      en: `<p><strong>Consent receipt {{receiptId}}</strong></p><p>When: {{at}}<br>How: {{method}}<br>What: {{#if granted}}consent given{{/if}}{{#if declined}}consent refused{{/if}}{{#if withdrawn}}consent withdrawn{{/if}}{{#if expired}}consent expired (not reconfirmed){{/if}}</p><p>Text (version {{textVersion}}, SHA-256 <code>{{sha256}}</code>):</p>${quoteHtml.en}<p>Details that may be shown: {{scope}}<br>Privacy policy version: {{policyVersion}}{{#if validUntil}}<br>Valid until: {{validUntil}} unless you confirm it again{{/if}}</p>{{#if withdrawLink}}<p><a href="{{withdrawLink}}">Withdraw your consent</a> at any time.</p>{{/if}}{{#if gone}}<p>The testimonial is no longer shown.</p>{{/if}}`,
      nb: `<p><strong>Samtykkekvittering {{receiptId}}</strong></p><p>Når: {{at}}<br>Hvordan: {{method}}<br>Hva: {{#if granted}}samtykke gitt{{/if}}{{#if declined}}samtykke avslått{{/if}}{{#if withdrawn}}samtykke trukket tilbake{{/if}}{{#if expired}}samtykket er utløpt (ikke bekreftet på nytt){{/if}}</p><p>Tekst (versjon {{textVersion}}, SHA-256 <code>{{sha256}}</code>):</p>${quoteHtml.nb}<p>Opplysninger som kan vises: {{scope}}<br>Versjon av personvernerklæringen: {{policyVersion}}{{#if validUntil}}<br>Gyldig til: {{validUntil}} hvis du ikke bekrefter på nytt{{/if}}</p>{{#if withdrawLink}}<p><a href="{{withdrawLink}}">Trekk samtykket tilbake</a> når som helst.</p>{{/if}}{{#if gone}}<p>Uttalelsen vises ikke lenger.</p>{{/if}}`,
    },
  },
};
