import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { Clock } from '../../../core/clock/clock';
import { AccountsService } from '../../accounts/accounts.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { SessionsService } from '../sessions.service';
import { describeBrowser } from './user-agent';
import { SecurityChange, securityNoticeTemplate } from './security-notice.templates';

const LABELS: Record<string, string> = { google: 'Google', facebook: 'Facebook', linkedin: 'LinkedIn' };

export interface SecurityChangeContext {
  /** The User-Agent of the browser that made the change (summarised to "Chrome on Linux"; never stored whole) */
  userAgent?: string;
  /** The session making the change: it stays; every other session of the account ends */
  keepSessionId?: string;
  /** false: do not end sessions (role changes apply on the next request anyway) */
  endOtherSessions?: boolean;
  provider?: string;
  role?: string;
  removed?: string;
}

/**
 * After a change to how an account is secured: ends the person's other sessions and tells them, at
 * the account's verified address only, through the notifications outbox (service mail).
 */
@Injectable()
export class SecurityNoticeService {
  private readonly logger = new Logger(SecurityNoticeService.name);

  constructor(
    private readonly sessions: SessionsService,
    private readonly notifications: NotificationsService,
    private readonly accounts: AccountsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async changed(accountId: string, change: SecurityChange, ctx: SecurityChangeContext = {}): Promise<void> {
    if (ctx.endOtherSessions !== false) await this.sessions.revokeOthers(accountId, ctx.keepSessionId);
    const account = await this.accounts.findById(accountId);
    if (!account?.email || !account.emailVerified) return; // nothing but the verification message goes to an unverified address
    const now = this.clock.now();
    await this.notifications
      .send({
        to: { accountId },
        template: securityNoticeTemplate(change),
        data: {
          when: `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
          browser: describeBrowser(ctx.userAgent),
          provider: ctx.provider ? (LABELS[ctx.provider] ?? ctx.provider) : '',
          role: ctx.role ?? '',
          removed: ctx.removed ?? '',
          profileUrl: `${this.config.publicBaseUrl}/profile`,
        },
        category: 'service',
        idempotencyKey: `security:${change}:${accountId}:${now.getTime()}:${randomBytes(6).toString('hex')}`,
      })
      .catch((err) => this.logger.warn({ err: { message: (err as Error).message }, subjectId: account.subjectId, change }, 'security notice not stored'));
  }
}
