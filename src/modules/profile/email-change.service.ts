import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { AccountsService } from '../accounts/accounts.service';
import type { Account, Locale } from '../accounts/account.types';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { EmailChangeRepository } from './email-change.repository';
import { EMAIL_CHANGE_CONFIRM_TEMPLATE, EMAIL_CHANGE_NOTICE_TEMPLATE } from './profile-mail.templates';
import { EmailChangeLinkExpiredError, EmailChangeLinkInvalidError, EmailChangeOtherAccountError, EmailInUseError, EmailUnchangedError } from './profile.errors';
import { SecurityNoticeService } from '../identity/notices/security-notice.service';
import { ProfileService } from './profile.service';
import { KeyedHash } from '../../core/crypto/keyed-hash';

/** How long the confirmation link works. */
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;

/** "kari@example.no" -> "k***@example.no": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/**
 * Changing the sign-in email: a link goes to the new address, a notice to the old one, and the
 * change happens only when the link is confirmed.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    private readonly repo: EmailChangeRepository,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly profile: ProfileService,
    private readonly audit: AuditService,
    private readonly notices: SecurityNoticeService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly hashes: KeyedHash,
  ) {}

  private hash(token: string): string {
    return this.hashes.base64url('token', `email-change:${token}`);
  }

  async start(account: Account, newEmail: string, locale?: Locale, ctx: { sessionId?: string } = {}): Promise<{ expiresAt: Date }> {
    const email = newEmail.trim().toLowerCase();
    // The same address again is allowed while it is unverified: the link is its verification.
    if (email === account.email && account.emailVerified) throw new EmailUnchangedError();
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_TTL_MS);
    const request = await this.repo.replace({
      accountId: account.id,
      newEmail: email,
      tokenHash: this.hash(token),
      createdAt: now,
      expiresAt,
      sessionId: ctx.sessionId,
    });
    const link = `${this.config.publicBaseUrl}/profile/email/confirm?token=${encodeURIComponent(token)}`;
    const lang = locale ?? account.locale;
    await this.notifications.send({
      to: { email },
      template: EMAIL_CHANGE_CONFIRM_TEMPLATE,
      data: { link, expiresAt: expiresAt.toISOString() },
      category: 'service',
      idempotencyKey: `email-change:${request.id}:confirm`,
      locale: lang,
    });
    if (account.email) {
      await this.notifications.send({
        to: { accountId: account.id },
        template: EMAIL_CHANGE_NOTICE_TEMPLATE,
        data: { newEmail: maskEmail(email), profileUrl: `${this.config.publicBaseUrl}/profile` },
        category: 'service',
        idempotencyKey: `email-change:${request.id}:notice`,
        locale: lang,
      });
    }
    await this.audit.record({ actor: account.subjectId, action: 'profile.email-change.request', target: account.subjectId, outcome: 'success' });
    return { expiresAt };
  }

  /** What a confirmation link would do (shown before the person confirms). */
  async preview(token: string): Promise<{ newEmail: string; expiresAt: Date }> {
    const request = await this.findValid(token);
    return { newEmail: request.newEmail, expiresAt: request.expiresAt };
  }

  /**
   * Applies the change; the link works once. Opened in a browser signed in to another account, it is
   * refused (someone may have sent the victim a link that hands their address to the sender's
   * account). An account already holding the address verified keeps it; accounts holding it
   * unverified lose it. The account's other sessions end and it is told at the new address.
   */
  async confirm(
    token: string,
    ctx: { signedInAccountId?: string; sessionId?: string; userAgent?: string } = {},
  ): Promise<{ accountId: string; email: string }> {
    const request = await this.findValid(token);
    if (ctx.signedInAccountId && ctx.signedInAccountId !== request.accountId) throw new EmailChangeOtherAccountError();
    const others = (await this.accounts.findByEmail(request.newEmail)).filter((a) => a.id !== request.accountId);
    if (others.some((a) => a.emailVerified)) throw new EmailInUseError();
    if (!(await this.repo.consume(request.id, request.accountId))) throw new EmailChangeLinkInvalidError();
    const account = await this.accounts.update(request.accountId, { email: request.newEmail, emailVerified: true });
    if (!account) throw new EmailChangeLinkInvalidError();
    if (others.length)
      await this.accounts.dropUnverifiedEmail(
        others.map((a) => a.id),
        request.newEmail,
      );
    await this.profile.recordChange(account, ['email'], 'self');
    await this.audit.record({ actor: account.subjectId, action: 'profile.email-change.confirm', target: account.subjectId, outcome: 'success' });
    // Every session ends but the one confirming (when it is this account's), else the one that asked.
    const keep = ctx.signedInAccountId === account.id ? ctx.sessionId : request.sessionId;
    await this.notices.changed(account.id, 'email-changed', { keepSessionId: keep, userAgent: ctx.userAgent });
    return { accountId: account.id, email: request.newEmail };
  }

  pending(accountId: string) {
    return this.repo.findByAccountId(accountId);
  }

  private async findValid(token: string) {
    if (!token || token.length > 200) throw new EmailChangeLinkInvalidError();
    const request = await this.repo.findByTokenHash(this.hash(token));
    if (!request) throw new EmailChangeLinkInvalidError();
    if (request.expiresAt.getTime() <= this.clock.now().getTime()) throw new EmailChangeLinkExpiredError();
    return request;
  }
}
