import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfService } from '../../core/http/csrf.service';
import { PageLocale, pageLocale } from '../../core/http/views/locale';
import { pageFrame } from '../../core/http/views/page-frame';
import type { View } from '../../core/http/views/view-engine';
import type { Account } from '../accounts/account.types';
import type { ConsentRecord } from './consent-records.repository';
import { DISPLAY_FIELDS } from './schemas/testimonial.schema';
import { shownAs } from './testimonial-text';
import type { Testimonial } from './testimonials.repository';
import { TESTIMONIAL_MESSAGES } from './views/testimonials.messages';
import { ConsentPageModel, QuoteModel } from './views/testimonial.pages';

const METHOD: Record<string, Record<PageLocale, string>> = {
  link: { en: 'email link', nb: 'e-postlenke' },
  my_profile: { en: 'My Profile', nb: 'Min profil' },
  agent_recorded_call: { en: 'recorded call', nb: 'innspilt samtale' },
  system: { en: 'automatic', nb: 'automatisk' },
};

/** Builds the models of the testimonial pages and renders them in the shared frame. */
@Injectable()
export class TestimonialsPagesService {
  // Only the API process has HTTP (and CSRF).
  constructor(@Optional() @Inject(CsrfService) private readonly csrf: CsrfService | undefined) {}

  lang(req: Request): PageLocale {
    return pageLocale(req, (req.account as Account | undefined)?.locale);
  }

  messages(req: Request): Record<string, string> {
    return TESTIMONIAL_MESSAGES[this.lang(req)];
  }

  render<M extends object>(req: Request, res: Response, view: View<M>, titleKey: string, model: M, current?: string): string {
    const lang = this.lang(req);
    const signedIn = !!req.account;
    const csrf = this.csrf?.token(req, res) ?? '';
    return view({ ...model, ...pageFrame(req, { lang, messages: TESTIMONIAL_MESSAGES[lang], titleKey, csrf, signedIn, current }) });
  }

  quote(t: Testimonial, scope: readonly string[]): QuoteModel {
    return { quote: t.quote, shown: shownAs(t.display, scope), disclosure: t.materialConnection };
  }

  /** The checkboxes of the decision: every display field the testimonial has, ticked as currently allowed (all at first). */
  fields(req: Request, t: Testimonial): ConsentPageModel['fields'] {
    const m = this.messages(req);
    const allowed = t.consentState === 'granted' && t.consent ? t.consent.scope : DISPLAY_FIELDS;
    return DISPLAY_FIELDS.filter((f) => t.display[f]).map((f) => ({
      field: f,
      label: m[`field.${f}`],
      value: t.display[f]!,
      checked: (allowed as readonly string[]).includes(f),
    }));
  }

  recordRows(req: Request, records: ConsentRecord[]) {
    const lang = this.lang(req);
    return [...records].reverse().map((r) => ({
      at: new Date(r.at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
      eventKey: `event.${r.event}`,
      method: METHOD[r.method]?.[lang] ?? r.method,
      scope: r.scope.map((f) => this.messages(req)[`field.${f}`] ?? f).join(', ') || '–',
      receiptId: r.receiptId,
      textSha256: r.textSha256,
    }));
  }
}
