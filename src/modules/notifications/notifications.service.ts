import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { DAY_MS } from '../../core/clock/clock';
import { InvalidInputError } from '../../core/errors/domain-error';
import { JobQueue } from '../../core/queue/job-queue.service';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { OutboxRepository } from './outbox.repository';
import { PreferencesRepository } from './preferences.repository';
import type { MailCategory } from './schemas/outbox-message.schema';
import type { MailTemplate } from './templates/mail-template';
import { TemplateRegistry } from './templates/template-registry';
import { UnsubscribeTokens } from './unsubscribe-tokens';
import { NotificationJobs } from './notifications.jobs';
import { KeyedHash } from '../../core/crypto/keyed-hash';

export interface SendInput {
  to: { accountId: string } | { email: string };
  template: string;
  data: Record<string, unknown>;
  category: MailCategory;
  /** The sender's key: sending twice with one key sends one message */
  idempotencyKey: string;
  locale?: 'en' | 'nb';
  /** Keep neither address nor content once sent (e.g. the erasure receipt, the last message someone gets) */
  scrubAfterSend?: boolean;
  /**
   * Threading and loop-safety headers (In-Reply-To, References, Auto-Submitted, Reply-To ...), stored with
   * the message and sent as given; they must hold no personal data beyond the recipient's own thread.
   */
  headers?: Record<string, string>;
  /** The Message-ID to send under (default: derived from the idempotency key); must be stable for one key */
  messageId?: string;
  /** Put before the rendered subject, e.g. a request reference `[RD-1A2B3C4D]` */
  subjectPrefix?: string;
}

const ENQUEUE_WAIT_MS = 2000;
const UNSUBSCRIBE_LINK_DAYS = 365;

/**
 * Every email goes through here: stored in the outbox first, then sent by a job. Marketing reaches only
 * accounts that consented and addresses not on the suppression list; service and legal mail always go.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly prefs: PreferencesRepository,
    private readonly templates: TemplateRegistry,
    private readonly tokens: UnsubscribeTokens,
    private readonly accounts: AccountsService,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly hashes: KeyedHash,
  ) {}

  registerTemplate(name: string, template: MailTemplate): void {
    this.templates.register(name, template);
  }

  async send(input: SendInput): Promise<{ messageId: string; queued: boolean }> {
    if (!this.templates.has(input.template)) throw new InvalidInputError('TEMPLATE_NOT_FOUND', `No email template is named ${input.template}.`);
    const recipient = await this.recipientOf(input);
    const now = this.clock.now();
    const messageId = input.messageId ?? this.messageIdOf(input.idempotencyKey);
    const blocked = !recipient.email || (input.category === 'marketing' && !(await this.mayMarketTo(recipient.email, recipient.accountId)));
    let unsubscribeUrl: string | undefined;
    if (input.category === 'marketing' && recipient.email) {
      const token = this.tokens.sign({
        h: this.tokens.emailHash(recipient.email),
        a: recipient.accountId,
        e: Math.floor((now.getTime() + UNSUBSCRIBE_LINK_DAYS * DAY_MS) / 1000),
      });
      unsubscribeUrl = `${this.config.publicBaseUrl}/unsubscribe?token=${token}`;
    }
    const rendered = blocked ? undefined : this.templates.render(input.template, recipient.locale, input.data, { unsubscribeUrl });
    if (rendered && input.subjectPrefix) rendered.subject = `${input.subjectPrefix} ${rendered.subject}`;
    const headers = {
      ...input.headers,
      ...(unsubscribeUrl ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    };
    const { message } = await this.outbox.insertOrGet({
      idempotencyKey: input.idempotencyKey,
      to: blocked ? undefined : recipient.email,
      accountId: recipient.accountId,
      template: input.template,
      category: input.category,
      locale: recipient.locale,
      ...rendered,
      headers: Object.keys(headers).length && !blocked ? headers : undefined,
      messageId,
      status: blocked ? 'suppressed' : 'pending',
      attempts: 0,
      scrubAfterSend: !!input.scrubAfterSend,
      createdAt: now,
    });
    if (message.status !== 'pending') return { messageId: message.messageId, queued: false };
    // Also when the key was stored before: a sender that retries after its process stopped between storing
    // and queueing must not leave the message to the sweeper (a job still kept makes this a no-op)
    return { messageId: message.messageId, queued: await this.enqueue(message.id) };
  }

  /**
   * Stores many service or legal messages to addresses in one write and queues them (e.g. the receipts
   * of an erasure batch). Keys already stored are not stored again; those still pending are queued again, as with
   * send(). @returns how many were new
   */
  async sendMany(inputs: (SendInput & { to: { email: string } })[]): Promise<number> {
    for (const input of inputs) {
      if (!this.templates.has(input.template)) throw new InvalidInputError('TEMPLATE_NOT_FOUND', `No email template is named ${input.template}.`);
      if (input.category === 'marketing')
        throw new InvalidInputError('MARKETING_NOT_BATCHED', 'Marketing is sent one message at a time, after its consent check.');
    }
    const now = this.clock.now();
    const created = await this.outbox.insertManyNew(
      inputs.map((input) => {
        const locale = input.locale ?? 'en';
        return {
          idempotencyKey: input.idempotencyKey,
          to: input.to.email.trim().toLowerCase(),
          template: input.template,
          category: input.category,
          locale,
          ...this.templates.render(input.template, locale, input.data, {}),
          messageId: this.messageIdOf(input.idempotencyKey),
          status: 'pending' as const,
          attempts: 0,
          scrubAfterSend: !!input.scrubAfterSend,
          createdAt: now,
        };
      }),
    );
    // Keys stored before (a batch retried after its process stopped between storing and queueing) are
    // queued again when still pending, as in send(); a job still kept under the same id makes this a no-op.
    const createdKeys = new Set(created.map((m) => m.idempotencyKey));
    const stranded =
      created.length < inputs.length ? await this.outbox.pendingIdsForKeys(inputs.map((i) => i.idempotencyKey).filter((k) => !createdKeys.has(k))) : [];
    const ids = [...created.map((m) => m.id), ...stranded];
    if (ids.length)
      await this.withinWait(
        this.queue.enqueueMany(
          NotificationJobs.SendEmail,
          ids.map((id) => ({ payload: { messageId: id }, jobId: `email:${id}` })),
        ),
        `${ids.length} messages`,
      );
    return created.length;
  }

  private messageIdOf(idempotencyKey: string): string {
    return `<${this.hashes.hex('message-id', idempotencyKey).slice(0, 40)}@rightsdesk>`;
  }

  /** Waits a little for the queue; when Redis is away the messages stay pending and the sweeper queues them. */
  private async withinWait(add: Promise<unknown>, what: string): Promise<boolean> {
    add.catch(() => undefined);
    try {
      await Promise.race([add, new Promise((_, reject) => setTimeout(() => reject(new Error('queue did not answer')), ENQUEUE_WAIT_MS).unref())]);
      return true;
    } catch (err) {
      this.logger.warn({ what, err: { message: (err as Error).message } }, 'queue unavailable; the outbox sweeper will send these');
      return false;
    }
  }

  /**
   * Hands the message to the queue. When Redis is away, the message stays pending in the outbox and
   * the sweeper enqueues it later: a Redis outage delays mail but loses none.
   */
  async enqueue(messageId: string): Promise<boolean> {
    return this.withinWait(this.queue.enqueue(NotificationJobs.SendEmail, { messageId }, { jobId: `email:${messageId}` }), messageId);
  }

  async getMarketingConsent(accountId: string): Promise<boolean> {
    return this.prefs.marketingConsent(accountId);
  }

  async setMarketingConsent(accountId: string, consent: boolean, actor: string): Promise<void> {
    await this.prefs.setMarketingConsent(accountId, consent, this.clock.now());
    const account = await this.accounts.findById(accountId);
    await this.audit.record({
      actor,
      action: consent ? 'notifications.marketing.opt-in' : 'notifications.marketing.opt-out',
      target: account?.subjectId,
      outcome: 'success',
    });
  }

  /** Adds the token's address to the suppression list and withdraws the account's consent. */
  async unsubscribe(token: string | undefined): Promise<void> {
    const payload = this.tokens.verify(token, this.clock.now().getTime());
    await this.prefs.suppress(payload.h, 'unsubscribed', this.clock.now());
    if (payload.a) await this.prefs.setMarketingConsent(payload.a, false, this.clock.now());
    const account = payload.a ? await this.accounts.findById(payload.a) : null;
    await this.audit.record({ actor: account?.subjectId ?? 'anonymous', action: 'notifications.unsubscribe', target: account?.subjectId, outcome: 'success' });
  }

  /**
   * An objection to marketing (Art. 21(3)), e.g. from the requests desk: the address goes on the suppression
   * list (a keyed hash, which survives erasure) and the account's consent, if any, is withdrawn.
   */
  async suppressMarketing(email: string, accountId: string | undefined, actor: string): Promise<void> {
    await this.prefs.suppress(this.tokens.emailHash(email), 'unsubscribed', this.clock.now());
    if (accountId) await this.prefs.setMarketingConsent(accountId, false, this.clock.now());
    const account = accountId ? await this.accounts.findById(accountId) : null;
    await this.audit.record({ actor, action: 'notifications.marketing.suppress', target: account?.subjectId, outcome: 'success' });
  }

  checkUnsubscribeToken(token: string | undefined): void {
    this.tokens.verify(token, this.clock.now().getTime());
  }

  async mayMarketTo(email: string, accountId?: string): Promise<boolean> {
    if (await this.prefs.isSuppressed(this.tokens.emailHash(email))) return false;
    return accountId ? this.prefs.marketingConsent(accountId) : false;
  }

  private async recipientOf(input: SendInput): Promise<{ email?: string; accountId?: string; locale: 'en' | 'nb' }> {
    if ('email' in input.to) return { email: input.to.email.trim().toLowerCase(), locale: input.locale ?? 'en' };
    const account = await this.accounts.getById(input.to.accountId);
    // An address no provider verified and no confirmation link proved gets nothing (the message is stored as suppressed).
    return { email: account.emailVerified ? account.email : undefined, accountId: account.id, locale: input.locale ?? account.locale };
  }
}
