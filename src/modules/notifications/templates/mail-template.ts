export type Localised = { en: string; nb: string };

/** One message type in both languages, HTML and text. Handlebars placeholders ({{link}}), escaped. */
export interface MailTemplate {
  subject: Localised;
  html: Localised;
  text: Localised;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}
