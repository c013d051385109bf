import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AppConfig } from '../../config/app-config';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { SlotPayload } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { ERASURE_COMPLETED_EVENT, ERASURE_REQUESTED_EVENT, ErasureCompletedEvent, ErasureRequestedEvent } from '../erasure/erasure.events';
import { NotificationsService } from '../notifications/notifications.service';
import { PROFILE_CHANGED, ProfileChangedEvent } from '../profile/profile.events';
import { RecipientNotice, RecipientNoticesRepository } from './recipient-notices.repository';
import { RecipientsService } from './recipients.service';
import type { NoticeCause } from './schemas/recipient-notice.schema';
import { TransfersService } from './transfers.service';
import { NoticeLinkError } from './transfers.errors';
import { TransferJobs } from './transfers.jobs';
import { ART19_NOTICE_TEMPLATE } from './transfers.templates';
import type { Recipient } from './transfers.types';

const REMINDER_BATCH = 200;
/** Changes a person makes (or an agent makes for them) are rectifications; a provider's or the system's are not. */
const RECTIFYING_SOURCES = new Set(['self', 'agent']);
/** Settings of the account, not data about the person a recipient holds: changing them corrects nothing. */
const NOT_PERSONAL_DATA = new Set(['marketingConsent', 'locale']);

/**
 * GDPR Art. 19: when a person's data is erased or corrected, every recipient that received it (and only
 * those: the per-person index says which) gets a notice through the outbox, with a link to acknowledge
 * it; unacknowledged notices are reminded on a schedule.
 */
@Injectable()
export class RecipientNoticesService {
  private readonly logger = new Logger(RecipientNoticesService.name);

  constructor(
    private readonly notices: RecipientNoticesRepository,
    private readonly transfers: TransfersService,
    private readonly recipients: RecipientsService,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly hashes: KeyedHash,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @OnEvent(ERASURE_COMPLETED_EVENT, { promisify: true })
  async onErasureCompleted(event: ErasureCompletedEvent): Promise<void> {
    await this.notify('erasure', event.subjectIds);
  }

  /** An erasure asked for by a provider (Facebook's callback): recipients are told at once, the same notice as on completion. */
  @OnEvent(ERASURE_REQUESTED_EVENT, { promisify: true })
  async onErasureRequested(event: ErasureRequestedEvent): Promise<void> {
    const subjectId = event.subjectId ?? (event.accountId ? (await this.accounts.findById(event.accountId))?.subjectId : undefined);
    if (subjectId) await this.safely(() => this.notify('erasure', [subjectId]), 'erasure requested');
  }

  @OnEvent(PROFILE_CHANGED, { promisify: true })
  async onProfileChanged(event: ProfileChangedEvent): Promise<void> {
    const fields = event.fields.filter((f) => !NOT_PERSONAL_DATA.has(f));
    if (!RECTIFYING_SOURCES.has(event.source) || !fields.length) return;
    const account = await this.accounts.findById(event.accountId);
    if (!account) return;
    await this.safely(
      () => this.notify('rectification', [account.subjectId], { fields, change: `${this.clock.now().getTime()}:${[...fields].sort().join(',')}` }),
      'rectification',
    );
  }

  private async safely(run: () => Promise<unknown>, what: string): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.error(
        { what, err: { type: (err as Error).name, message: (err as Error).message } },
        'Art. 19 notices failed; replaying the event retries them',
      );
    }
  }

  /**
   * Creates the notices of these people's recipients (one per cause, person and recipient) and sends
   * each through the outbox; replaying it stores and sends nothing twice. @returns the notices
   */
  async notify(cause: NoticeCause, subjectIds: string[], change: { fields?: string[]; change?: string } = {}): Promise<RecipientNotice[]> {
    const rows = await this.transfers.forSubjects([...new Set(subjectIds)]);
    if (!rows.length) return [];
    const now = this.clock.now();
    const pairs = new Map<string, { subjectId: string; recipientId: string; categories: Set<string>; first: Date; last: Date }>();
    for (const row of rows) {
      const k = `${row.subjectId}|${row.recipientId}`;
      const p = pairs.get(k) ?? {
        subjectId: row.subjectId,
        recipientId: row.recipientId,
        categories: new Set<string>(),
        first: new Date(row.at),
        last: new Date(row.at),
      };
      row.categories.forEach((c) => p.categories.add(c));
      if (new Date(row.at) < p.first) p.first = new Date(row.at);
      if (new Date(row.at) > p.last) p.last = new Date(row.at);
      pairs.set(k, p);
    }
    const remindAt = new Date(now.getTime() + this.config.transfers.reminderDays * DAY_MS);
    const stored = await this.notices.upsertMany(
      [...pairs.values()].map((p) => ({
        key: [cause, p.subjectId, ...(change.change ? [change.change] : []), p.recipientId].join(':'),
        cause,
        subjectId: p.subjectId,
        recipientId: p.recipientId,
        ...(change.fields ? { fields: change.fields } : {}),
        categories: [...p.categories].sort(),
        firstTransferAt: p.first,
        lastTransferAt: p.last,
        status: 'open' as const,
        createdAt: now,
        ...(this.config.transfers.maxReminders > 0 ? { remindAt } : {}),
        reminders: 0,
      })),
    );
    const recipients = new Map((await this.recipients.findByIds(stored.map((n) => n.recipientId))).map((r) => [r.id, r]));
    await this.send(stored, recipients, 0);
    await this.audit.recordMany(
      stored.map((n) => ({
        actor: 'system:transfers',
        action: `transfers.art19.${cause}`,
        target: n.subjectId,
        outcome: 'success' as const,
        details: { recipientId: n.recipientId, notice: n.id },
      })),
    );
    return stored;
  }

  private async send(notices: RecipientNotice[], recipients: Map<string, Recipient>, reminder: number): Promise<void> {
    await this.notifications.sendMany(
      notices.flatMap((n) => {
        const r = recipients.get(n.recipientId);
        if (!r) return [];
        return [
          {
            to: { email: r.noticeEmail },
            template: ART19_NOTICE_TEMPLATE,
            category: 'legal' as const,
            locale: r.locale,
            idempotencyKey: reminder ? `transfers:notice:${n.id}:reminder:${reminder}` : `transfers:notice:${n.id}`,
            data: {
              recipient: r.name,
              subjectId: n.subjectId,
              categories: n.categories.join(', '),
              first: new Date(n.firstTransferAt).toISOString().slice(0, 10),
              last: new Date(n.lastTransferAt).toISOString().slice(0, 10),
              erasure: n.cause === 'erasure',
              rectification: n.cause === 'rectification',
              fields: (n.fields ?? []).join(', '),
              ackLink: this.ackLink(n.id),
              reminder: reminder > 0,
            },
          },
        ];
      }),
    );
  }

  ackLink(noticeId: string): string {
    return `${this.config.publicBaseUrl}/transfers/notices/${noticeId}/ack?token=${this.ackToken(noticeId)}`;
  }

  private ackToken(noticeId: string): string {
    return this.hashes.base64url('transfers:notice-ack', noticeId);
  }

  /** The notice an acknowledgement link names, if its token matches. */
  async byLink(noticeId: string, token: string | undefined): Promise<{ notice: RecipientNotice; recipient?: Recipient }> {
    if (!token || !/^[0-9a-f]{24}$/i.test(noticeId) || !this.hashes.verify('transfers:notice-ack', noticeId, token)) throw new NoticeLinkError();
    const notice = await this.notices.findById(noticeId);
    if (!notice) throw new NoticeLinkError();
    const [recipient] = await this.recipients.findByIds([notice.recipientId]);
    return { notice, recipient };
  }

  async acknowledge(noticeId: string, token: string | undefined): Promise<RecipientNotice> {
    const { notice } = await this.byLink(noticeId, token);
    if (notice.status === 'open') {
      await this.notices.acknowledge(notice.id, this.clock.now());
      await this.audit.record({
        actor: `recipient:${notice.recipientId}`,
        action: 'transfers.art19.acknowledge',
        target: notice.subjectId,
        outcome: 'success',
        details: { notice: notice.id },
      });
    }
    return (await this.notices.findById(notice.id))!;
  }

  /** Reminds recipients of unacknowledged notices, every TRANSFERS_REMINDER_DAYS, at most TRANSFERS_MAX_REMINDERS times. */
  @JobHandler(TransferJobs.NoticeReminders, { cron: (c) => c.cron.transfersReminders })
  async remind(_: SlotPayload = { slot: '' }): Promise<number> {
    const now = this.clock.now();
    const max = this.config.transfers.maxReminders;
    let sent = 0;
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.notices.dueForReminder(now, REMINDER_BATCH)).filter((n) => !seen.has(n.id));
      if (!due.length) break;
      due.forEach((n) => seen.add(n.id));
      const recipients = new Map((await this.recipients.findByIds(due.map((n) => n.recipientId))).map((r) => [r.id, r]));
      for (const n of due) {
        const next = n.reminders + 1;
        if (next > max) {
          await this.notices.reminded(n.id, n.reminders, undefined);
          this.logger.warn({ notice: n.id, recipientId: n.recipientId, reminders: n.reminders }, 'Art. 19 notice still unacknowledged after every reminder');
          continue;
        }
        await this.send([n], recipients, next);
        // After the last reminder the notice is looked at once more (then it is given up, and logged).
        await this.notices.reminded(n.id, next, new Date(now.getTime() + this.config.transfers.reminderDays * DAY_MS));
        sent++;
      }
      if (due.length < REMINDER_BATCH) break;
    }
    return sent;
  }

  /** Which recipients were told about this person, and whether they acknowledged. */
  async toldAbout(
    subjectId: string,
  ): Promise<{ recipient: string; cause: NoticeCause; fields?: string[]; sentAt: string; acknowledgedAt?: string; reminders: number }[]> {
    const notices = await this.notices.forSubject(subjectId);
    const recipients = new Map((await this.recipients.findByIds(notices.map((n) => n.recipientId))).map((r) => [r.id, r]));
    return notices.map((n) => ({
      recipient: recipients.get(n.recipientId)?.name ?? n.recipientId,
      cause: n.cause,
      ...(n.fields ? { fields: n.fields } : {}),
      sentAt: new Date(n.createdAt).toISOString(),
      ...(n.acknowledgedAt ? { acknowledgedAt: new Date(n.acknowledgedAt).toISOString() } : {}),
      reminders: n.reminders,
    }));
  }

  list(opts: Parameters<RecipientNoticesRepository['list']>[0]) {
    return this.notices.list(opts);
  }
}
