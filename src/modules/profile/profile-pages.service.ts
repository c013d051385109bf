import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { CsrfService } from '../../core/http/csrf.service';
import { PageLocale, pageLocale } from '../../core/http/views/locale';
import { pageFrame } from '../../core/http/views/page-frame';
import type { View } from '../../core/http/views/view-engine';
import type { Account } from '../accounts/account.types';
import { NotificationsService } from '../notifications/notifications.service';
import { PoliciesService } from '../notifications/policies.service';
import { SuccessorEventsService } from '../transfers/successor-events.service';
import { EmailChangeService } from './email-change.service';
import { PROFILE_MESSAGES, translate } from './i18n/profile.messages';
import { LinkedAccountsView } from './linked-accounts.view';
import { SessionsView } from './sessions.view';
import { ProfileExportService } from './profile-export.service';
import { ProfileService } from './profile.service';
import { ProfileView } from './profile.view';
import { RuleError } from './validation/profile-form';
import { exportPage, recordRows } from './views/export.page';
import { buildProfilePage, formatDay, formatWhen } from './views/profile-page.builder';
import { closedPage, profilePage } from './views/profile.page';

/** Flash messages carried in ?notice= after a redirect (fixed keys: never personal data in URLs). */
const NOTICES: Record<string, string> = {
  saved: 'profile.saved',
  unchanged: 'profile.unchanged',
  emailSent: 'email.sent',
  marketing: 'marketing.saved',
  language: 'language.saved',
  restored: 'closed.restored',
  closed: 'closed.mailed',
  unlinked: 'linked.unlinked',
  sessionEnded: 'sessions.ended',
  othersEnded: 'sessions.othersEnded',
  policyAcknowledged: 'policy.acknowledged',
};

export interface ProfilePageState {
  notice?: string;
  values?: Record<string, string>;
  errors?: RuleError[];
  /** Message keys */
  warnings?: string[];
  emailValue?: string;
  /** Message key */
  emailError?: string;
  /** Message key */
  closeError?: string;
  /** A fresher profile to show (after a conflict) */
  view?: ProfileView;
}

/** Assembles and renders the My Profile pages (the controller only routes). */
@Injectable()
export class ProfilePagesService {
  private readonly logger = new Logger(ProfilePagesService.name);

  constructor(
    private readonly profile: ProfileService,
    private readonly emailChange: EmailChangeService,
    private readonly exports: ProfileExportService,
    private readonly notifications: NotificationsService,
    private readonly policies: PoliciesService,
    private readonly linked: LinkedAccountsView,
    private readonly sessionsView: SessionsView,
    private readonly successors: SuccessorEventsService,
    // Only the API process has HTTP (and CSRF); the worker and the CLI load this module without pages.
    @Optional() @Inject(CsrfService) private readonly csrf: CsrfService | undefined,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  csrfToken(req: Request, res: Response): string {
    return this.csrf?.token(req, res) ?? '';
  }

  lang(req: Request, account?: Pick<Account, 'locale' | 'localeChosen'>): PageLocale {
    return pageLocale(req, account);
  }

  private frame(req: Request, res: Response, account: Account, titleKey: string, current?: 'profile') {
    const lang = this.lang(req, account);
    const csrf = this.csrfToken(req, res);
    return {
      lang,
      csrf,
      frame: pageFrame(req, { lang, messages: PROFILE_MESSAGES[lang], titleKey, current, csrf, signedIn: true, langPost: account.status === 'active' }),
    };
  }

  async profilePage(req: Request, res: Response, account: Account, state: ProfilePageState = {}): Promise<string> {
    if (account.status === 'terminated') return this.closedPage(req, res, account, state.notice);
    const { lang, csrf, frame } = this.frame(req, res, account, 'profile.title', 'profile');
    const now = this.clock.now().getTime();
    const [view, history, pending, marketing, linked, policyChanges, sessions, successorNotices] = await Promise.all([
      state.view ? Promise.resolve(state.view) : this.profile.get(account),
      this.profile.history(account.id, { limit: 20 }),
      this.emailChange.pending(account.id).then((rows) => rows.find((r) => r.expiresAt.getTime() > now)),
      this.marketing(account),
      this.linked.forAccount(account, lang).catch((err) => {
        this.logger.warn({ subjectId: account.subjectId, err: { type: (err as Error).name } }, 'linked accounts unavailable');
        return { available: false, items: [], linkable: [] };
      }),
      this.pendingPolicies(account),
      this.sessionsView.forAccount(account, req.sessionID, lang).catch((err) => {
        this.logger.warn({ subjectId: account.subjectId, err: { type: (err as Error).name } }, 'sessions unavailable');
        return { available: false, items: [] };
      }),
      this.successors.pendingFor(account.subjectId).catch((err) => {
        this.logger.warn({ subjectId: account.subjectId, err: { type: (err as Error).name } }, 'successor notices unavailable');
        return [];
      }),
    ]);
    const noticeKey = state.notice ? NOTICES[state.notice] : undefined;
    const notices = noticeKey && !(state.notice === 'emailSent' && !pending) ? [translate(lang, noticeKey, { email: pending?.newEmail })] : [];
    const model = buildProfilePage({
      lang,
      csrf,
      view,
      values: state.values,
      errors: state.errors,
      notices,
      warnings: state.warnings?.map((k) => translate(lang, k)),
      history,
      marketing,
      linked,
      pendingEmail: pending ? { email: pending.newEmail, until: pending.expiresAt } : undefined,
      emailValue: state.emailValue,
      emailError: state.emailError && translate(lang, state.emailError),
      closeError: state.closeError && translate(lang, state.closeError),
      retentionDays: this.config.retentionDays,
    });
    model.sessions = sessions;
    model.policyChanges = policyChanges.map((p) => ({
      version: p.version,
      summary: p.summary,
      effective: formatDay(lang, p.effectiveAt),
      action: `/profile/policies/${encodeURIComponent(p.version)}/acknowledge`,
    }));
    // A merger or acquisition the person has not acknowledged: a prominent banner until they do (transfers module).
    model.successorNotices = successorNotices.map((n) => ({
      successor: n.successor,
      country: n.country,
      effective: formatDay(lang, new Date(n.effectiveAt)),
      categories: n.categories.join(', '),
      action: `/profile/recipients/successor/${n.eventId}/acknowledge`,
    }));
    return profilePage({ ...model, ...frame });
  }

  private closedPage(req: Request, res: Response, account: Account, notice?: string): string {
    const { lang, csrf, frame } = this.frame(req, res, account, 'closed.title');
    const notices = notice === 'closed' ? [translate(lang, 'closed.mailed')] : [];
    return closedPage({
      ...frame,
      csrf,
      notices,
      terminatedAt: account.terminatedAt ? formatWhen(lang, account.terminatedAt) : '',
      purgeAfter: account.purgeAfter ? formatDay(lang, account.purgeAfter) : '',
    });
  }

  async exportPage(req: Request, res: Response, account: Account): Promise<string> {
    const { lang, frame } = this.frame(req, res, account, 'export.title', 'profile');
    const doc = await this.exports.exportFor(account);
    return exportPage({
      ...frame,
      generatedAt: formatWhen(lang, doc.generatedAt),
      summary: { count: doc.modules.filter((m) => !m.holdsNothing).length, total: doc.modules.length },
      modules: doc.modules.map((m) => ({
        module: m.module,
        holdsNothing: m.holdsNothing,
        collections: m.describes.map((c) => ({ collection: c.collection, recipients: c.recipients ?? [], fields: c.fields })),
        data: Object.entries(m.data).map(([collection, rows]) => ({ collection, count: rows.length, records: rows.map((r) => recordRows(r)) })),
      })),
    });
  }

  /** A page anyone with the link may see (email confirmation). */
  publicPage<M extends object>(req: Request, res: Response, view: View<M>, titleKey: string, model: M): string {
    const lang = this.lang(req, req.account);
    const signedIn = !!req.account;
    const csrf = signedIn ? this.csrfToken(req, res) : undefined;
    return view({ ...model, ...pageFrame(req, { lang, messages: PROFILE_MESSAGES[lang], titleKey, csrf, signedIn }) });
  }

  /** Material policy changes this person has not acknowledged yet: the banner until they do. */
  private async pendingPolicies(account: Account): Promise<{ version: string; summary: string; effectiveAt: Date }[]> {
    try {
      return (await this.policies.pendingFor(account.id)).map((p) => ({ version: p.version, summary: p.summary, effectiveAt: new Date(p.effectiveAt) }));
    } catch (err) {
      this.logger.warn({ subjectId: account.subjectId, err: { type: (err as Error).name } }, 'policy notices unavailable');
      return [];
    }
  }

  async acknowledgePolicy(account: Account, version: string): Promise<void> {
    await this.policies.acknowledge(account, version);
  }

  private async marketing(account: Account): Promise<{ available: boolean; consent: boolean }> {
    try {
      return { available: true, consent: await this.notifications.getMarketingConsent(account.id) };
    } catch (err) {
      this.logger.warn({ subjectId: account.subjectId, err: { type: (err as Error).name } }, 'marketing preference unavailable');
      return { available: false, consent: false };
    }
  }
}
