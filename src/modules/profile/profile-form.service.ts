import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import type { PageLocale } from '../../core/http/views/locale';
import { AccountsService } from '../accounts/accounts.service';
import { LOCALES, type Account, type Locale } from '../accounts/account.types';
import { IdentityService } from '../identity/identity.service';
import { SessionsService } from '../identity/sessions.service';
import type { ProviderName } from '../identity/identity.types';
import { NotificationsService } from '../notifications/notifications.service';
import { AccountClosingService } from './account-closing.service';
import { ChangeEmailDto } from './dto/change-email.dto';
import { EmailChangeService } from './email-change.service';
import { translate } from './i18n/profile.messages';
import { ProfilePagesService, ProfilePageState } from './profile-pages.service';
import {
  EmailChangeLinkExpiredError,
  EmailChangeLinkInvalidError,
  EmailInUseError,
  EmailChangeOtherAccountError,
  EmailUnchangedError,
  InvalidProfileFieldsError,
  ProfileVersionConflictError,
} from './profile.errors';
import { ProfileService } from './profile.service';
import { FormBody, formToPatch, validatePatch } from './validation/profile-form';
import { formValues } from './views/profile-page.builder';
import { emailConfirmedPage, emailConfirmPage, emailLinkInvalidPage } from './views/site.pages';

export type FormOutcome = { ok: true; changed?: boolean } | { ok: false; status: number; state: ProfilePageState };

const lastValue = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? ''));

/** Handles the My Profile forms: the same validation and services as the JSON API, errors for the page. */
@Injectable()
export class ProfileFormService {
  constructor(
    private readonly profile: ProfileService,
    private readonly emailChange: EmailChangeService,
    private readonly closing: AccountClosingService,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly pages: ProfilePagesService,
    private readonly identity: IdentityService,
    private readonly sessions: SessionsService,
  ) {}

  async saveDetails(me: Account, body: FormBody): Promise<FormOutcome> {
    const values = formValues(body);
    const { dto, errors } = await validatePatch(formToPatch(body));
    if (errors.length) return { ok: false, status: 400, state: { values, errors } };
    const raw = lastValue(body.version);
    const version = /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
    try {
      const { version: _v, email: _e, ...fields } = dto;
      const saved = await this.profile.update(me, fields, { bodyVersion: version });
      return { ok: true, changed: version === undefined || saved.version !== version };
    } catch (err) {
      if (err instanceof ProfileVersionConflictError) {
        return { ok: false, status: 409, state: { warnings: ['profile.conflict'], view: await this.profile.get(me) } };
      }
      if (err instanceof InvalidProfileFieldsError) {
        const ruleErrors = (err.errors ?? []).map((e) => ({ field: e.field, rule: e.field === 'dateOfBirth' ? 'pastDate' : 'generic', message: e.message }));
        return { ok: false, status: 400, state: { values, errors: ruleErrors } };
      }
      throw err;
    }
  }

  async startEmailChange(me: Account, body: FormBody, lang: PageLocale, sessionId?: string): Promise<FormOutcome> {
    const emailValue = lastValue(body.newEmail).trim();
    const dto = plainToInstance(ChangeEmailDto, { email: emailValue });
    if ((await validate(dto)).length) return { ok: false, status: 400, state: { emailValue, emailError: 'error.isEmail' } };
    try {
      await this.emailChange.start(me, dto.email, lang as Locale, { sessionId });
      return { ok: true };
    } catch (err) {
      if (err instanceof EmailUnchangedError) return { ok: false, status: 400, state: { emailValue, emailError: 'error.emailUnchanged' } };
      throw err;
    }
  }

  async emailConfirmPage(req: Request, res: Response, token: string): Promise<{ status: number; html: string }> {
    try {
      const { newEmail } = await this.emailChange.preview(token);
      return { status: 200, html: this.pages.publicPage(req, res, emailConfirmPage, 'confirm.title', { token, email: newEmail }) };
    } catch (err) {
      return this.linkProblem(req, res, err);
    }
  }

  async confirmEmail(req: Request, res: Response, token: string): Promise<{ status: number; html: string }> {
    try {
      const { email } = await this.emailChange.confirm(token, {
        signedInAccountId: req.account?.id,
        sessionId: req.sessionID,
        userAgent: req.headers['user-agent'],
      });
      return { status: 200, html: this.pages.publicPage(req, res, emailConfirmedPage, 'confirm.done.title', { email }) };
    } catch (err) {
      return this.linkProblem(req, res, err);
    }
  }

  private linkProblem(req: Request, res: Response, err: unknown): { status: number; html: string } {
    const lang = this.pages.lang(req, req.account);
    const [status, key] =
      err instanceof EmailChangeLinkExpiredError
        ? [410, 'confirm.expired']
        : err instanceof EmailInUseError
          ? [409, 'confirm.inUse']
          : err instanceof EmailChangeOtherAccountError
            ? [409, 'confirm.otherAccount']
            : err instanceof EmailChangeLinkInvalidError
              ? [404, 'confirm.invalid']
              : [0, ''];
    if (!status) throw err;
    return { status, html: this.pages.publicPage(req, res, emailLinkInvalidPage, 'confirm.invalid.title', { message: translate(lang, key) }) };
  }

  async setMarketing(me: Account, body: FormBody): Promise<void> {
    const values = Array.isArray(body.marketing) ? body.marketing : [body.marketing ?? ''];
    const consent = values.includes('yes');
    const before = await this.notifications.getMarketingConsent(me.id).catch(() => undefined);
    await this.notifications.setMarketingConsent(me.id, consent, me.subjectId);
    if (before !== consent) await this.profile.recordChange(me, ['marketingConsent']);
  }

  async setLanguage(me: Account, body: FormBody): Promise<void> {
    const locale = lastValue(body.locale) as Locale;
    if (!(LOCALES as readonly string[]).includes(locale)) return;
    if (locale === me.locale && me.localeChosen) return;
    await this.accounts.chooseLocale(me.id, locale);
    if (locale !== me.locale) await this.profile.recordChange(me, ['locale']);
  }

  async close(me: Account, req: Request, body: FormBody): Promise<FormOutcome> {
    if (lastValue(body.confirm) !== 'yes') return { ok: false, status: 400, state: { closeError: 'close.confirmRequired' } };
    await this.closing.close(me, req);
    return { ok: true };
  }

  unlink(me: Account, provider: ProviderName, ctx: { keepSessionId?: string; userAgent?: string } = {}): Promise<void> {
    return this.identity.unlink(me, provider, ctx);
  }

  endSession(me: Account, handle: string): Promise<void> {
    return this.sessions.revokeOne(me.id, handle);
  }

  async endOtherSessions(me: Account, currentSid: string): Promise<void> {
    await this.sessions.revokeOthers(me.id, currentSid);
  }

  cancelClose(me: Account): Promise<void> {
    return this.closing.cancel(me);
  }
}
