import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { InvalidInputError, NotFoundError } from '../../../core/errors/domain-error';
import { BUILT_IN_TEMPLATES } from './built-in.templates';
import type { MailTemplate, RenderedMail } from './mail-template';

const FOOTER = {
  en: { sent: 'Sent by RightsDesk.', unsubscribe: 'Unsubscribe from these emails', service: 'You get this email because it concerns your account.' },
  nb: { sent: 'Sendt av RightsDesk.', unsubscribe: 'Meld deg av disse e-postene', service: 'Du får denne e-posten fordi den gjelder kontoen din.' },
};

/** Message types by name, rendered with Handlebars (values escaped) into a shared frame. */
@Injectable()
export class TemplateRegistry {
  private readonly hbs = Handlebars.create();
  private readonly templates = new Map<string, { [K in keyof MailTemplate]: { en: HandlebarsTemplateDelegate; nb: HandlebarsTemplateDelegate } }>();

  constructor() {
    for (const [name, t] of Object.entries(BUILT_IN_TEMPLATES)) this.register(name, t);
  }

  register(name: string, t: MailTemplate): void {
    // HTML is escaped; subject and text are plain text, where escaping would only garble (&amp; in links).
    const both = (l: { en: string; nb: string }, noEscape: boolean) => ({ en: this.hbs.compile(l.en, { noEscape }), nb: this.hbs.compile(l.nb, { noEscape }) });
    this.templates.set(name, { subject: both(t.subject, true), html: both(t.html, false), text: both(t.text, true) });
  }

  names(): string[] {
    return [...this.templates.keys()].sort();
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  render(name: string, locale: 'en' | 'nb', data: Record<string, unknown>, opts: { unsubscribeUrl?: string } = {}): RenderedMail {
    const t = this.templates.get(name);
    if (!t) throw new NotFoundError('TEMPLATE_NOT_FOUND', `No email template is named ${name}.`);
    try {
      const f = FOOTER[locale];
      const subject = t.subject[locale](data).replace(/\s+/g, ' ').trim();
      const body = t.html[locale](data);
      const footerHtml = opts.unsubscribeUrl
        ? `${f.sent} <a href="${Handlebars.escapeExpression(opts.unsubscribeUrl)}">${f.unsubscribe}</a>`
        : `${f.sent} ${f.service}`;
      const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${Handlebars.escapeExpression(subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#1d2330;max-width:36rem">${body}<hr><p style="color:#5b6475;font-size:.85em">${footerHtml}</p></body></html>`;
      const text = `${t.text[locale](data)}\n\n--\n${f.sent} ${opts.unsubscribeUrl ? `${f.unsubscribe}: ${opts.unsubscribeUrl}` : f.service}\n`;
      return { subject, html, text };
    } catch {
      throw new InvalidInputError('TEMPLATE_RENDER_FAILED', `The ${name} template could not be rendered with the data given.`);
    }
  }
}
