import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { InvalidInputError } from '../../core/errors/domain-error';
import { JobPayloads, SlotPayload } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { JobQueue } from '../../core/queue/job-queue.service';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { CreateSuccessorEventDto } from './dto/successor-event.dto';
import { RecipientsService } from './recipients.service';
import { SuccessorEvent, SuccessorEventsRepository } from './successor-events.repository';
import {
  CategoriesNotAgreedError,
  NotASuccessorError,
  RecipientInactiveError,
  SuccessorEventNotFoundError,
  SuccessorNoticeNotFoundError,
} from './transfers.errors';
import { TransferJobs } from './transfers.jobs';
import { TransfersService } from './transfers.service';
import { SUCCESSOR_NOTICE_TEMPLATE } from './transfers.templates';
import type { Recipient } from './transfers.types';

const PAGE = 250;

export interface PendingSuccessorNotice {
  eventId: string;
  successor: string;
  country: string;
  effectiveAt: string;
  categories: string[];
}

/**
 * A merger, acquisition or asset sale: every active account is emailed once through the outbox by a
 * resumable fan-out (pages by account id, progress recorded after each page, one notice per event and
 * account, one outbox key per account), sees a banner until it acknowledges, may close its account
 * before the date; on the date, a scheduled job logs the bulk transfer in the chain.
 */
@Injectable()
export class SuccessorEventsService {
  private readonly logger = new Logger(SuccessorEventsService.name);

  constructor(
    private readonly repo: SuccessorEventsRepository,
    private readonly recipients: RecipientsService,
    private readonly transfers: TransfersService,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateSuccessorEventDto, actor: string): Promise<SuccessorEvent> {
    const now = this.clock.now();
    const recipient = await this.recipients.get(input.recipientId);
    if (recipient.kind !== 'successor') throw new NotASuccessorError();
    if (!this.recipients.isActive(recipient, now) && !(new Date(recipient.activeFrom) > now && !recipient.deactivatedAt)) throw new RecipientInactiveError();
    const effectiveAt = new Date(input.effectiveAt);
    if (effectiveAt.getTime() <= now.getTime())
      throw new InvalidInputError('EFFECTIVE_DATE_PAST', 'effectiveAt must be in the future: people must be told before their data moves.', [
        { field: 'effectiveAt', message: 'must be in the future' },
      ]);
    const notAgreed = input.categories.filter((c) => !(recipient.categories as string[]).includes(c));
    if (notAgreed.length) throw new CategoriesNotAgreedError(notAgreed);
    const event = await this.repo.insert({
      recipientId: recipient.id,
      effectiveAt,
      categories: input.categories,
      createdBy: actor,
      createdAt: now,
      status: 'announcing',
      notified: 0,
    });
    await this.audit.record({
      actor,
      action: 'transfers.successor.create',
      target: `successor-event:${event.id}`,
      outcome: 'success',
      details: { recipientId: recipient.id, effectiveAt: effectiveAt.toISOString() },
    });
    await this.enqueueFanOut(event.id);
    return event;
  }

  private async enqueueFanOut(eventId: string): Promise<void> {
    try {
      await this.queue.enqueue(TransferJobs.SuccessorFanOut, { eventId }, { jobId: `successor-fanout:${eventId}` });
    } catch (err) {
      // Recorded already: the scheduled job resumes every event still announcing.
      this.logger.warn({ eventId, err: { type: (err as Error).name } }, 'successor fan-out not queued; the schedule resumes it');
    }
  }

  /**
   * Emails every active account, a page at a time from the recorded cursor. Per page: the notices
   * first (unique per event and account, so the banner shows), then the emails (outbox key per event
   * and account: a rerun of the page stores and sends none twice), then the cursor.
   */
  @JobHandler(TransferJobs.SuccessorFanOut)
  async fanOut({ eventId }: JobPayloads[typeof TransferJobs.SuccessorFanOut]): Promise<number> {
    let event = await this.repo.findById(eventId);
    if (!event || event.status !== 'announcing') return 0;
    const recipient = await this.recipients.get(event.recipientId);
    let after = event.cursor;
    let pages = 0;
    for (;;) {
      const page = await this.accounts.listActive(after, PAGE);
      if (!page.length) break;
      const now = this.clock.now();
      await this.repo.addNotices(page.map((a) => ({ eventId, subjectId: a.subjectId, notifiedAt: now })));
      await this.notifications.sendMany(
        page
          .filter((a) => a.email && a.emailVerified)
          .map((a) => ({
            to: { email: a.email! },
            template: SUCCESSOR_NOTICE_TEMPLATE,
            category: 'legal' as const,
            locale: a.locale,
            idempotencyKey: `transfers:successor:${eventId}:${a.id}`,
            data: this.mailData(event!, recipient),
          })),
      );
      after = page[page.length - 1].id;
      await this.repo.advance(eventId, after, page.length);
      pages++;
      if (page.length < PAGE) break;
    }
    const notified = await this.repo.countNotices(eventId);
    await this.repo.markAnnounced(eventId, this.clock.now(), notified);
    event = (await this.repo.findById(eventId))!;
    this.logger.log({ eventId, notified, pages }, 'successor event announced');
    await this.audit.record({
      actor: 'system:transfers',
      action: 'transfers.successor.announced',
      target: `successor-event:${eventId}`,
      outcome: 'success',
      details: { notified },
    });
    return notified;
  }

  private mailData(event: SuccessorEvent, recipient: Recipient) {
    return {
      successor: recipient.name,
      country: recipient.country,
      effectiveDate: new Date(event.effectiveAt).toISOString().slice(0, 10),
      categories: event.categories.join(', '),
      portalLink: `${this.config.publicBaseUrl}/profile/recipients`,
      closeLink: `${this.config.publicBaseUrl}/profile#close-title`,
    };
  }

  /**
   * Scheduled: resumes fan-outs that stopped (a worker killed more often than the queue retries), and
   * logs the bulk transfer of every announced event whose date has come.
   */
  @JobHandler(TransferJobs.SuccessorTransfer, { cron: (c) => c.cron.transfersSuccessor })
  async onSchedule(_: SlotPayload = { slot: '' }): Promise<number> {
    for (const e of await this.repo.byStatus('announcing')) await this.enqueueFanOut(e.id);
    const now = this.clock.now().getTime();
    let done = 0;
    for (const e of await this.repo.byStatus('announced')) {
      if (new Date(e.effectiveAt).getTime() > now) continue;
      await this.logBulkTransfer(e);
      done++;
    }
    return done;
  }

  /** The bulk transfer: a row per account still active (closed accounts are left out), then one chain entry keyed by the event. */
  private async logBulkTransfer(event: SuccessorEvent): Promise<void> {
    const transferId = `successor:${event.id}`;
    const purpose = 'transfer to the successor of the business (merger, acquisition or sale of assets)';
    const legalBasis = 'legitimate interest (Art. 6(1)(f)), announced under the privacy policy';
    const digest = createHash('sha256');
    let count = 0;
    let after: string | undefined;
    const at = new Date(event.effectiveAt);
    for (;;) {
      const page = await this.accounts.listActive(after, 1000);
      if (!page.length) break;
      await this.transfers.addSubjectRows(
        page.map((a) => ({ transferId, subjectId: a.subjectId, recipientId: event.recipientId, categories: event.categories, purpose, legalBasis, at })),
      );
      page.forEach((a) => digest.update(`${a.subjectId}\n`));
      count += page.length;
      after = page[page.length - 1].id;
      if (page.length < 1000) break;
    }
    const entry = await this.transfers.appendBulk(
      {
        type: 'successor',
        recipientId: event.recipientId,
        subjectCount: count,
        subjectsDigest: digest.digest('hex'),
        successorEventId: event.id,
        categories: event.categories,
        purpose,
        legalBasis,
        initiatedBy: 'system:successor-transfer',
      },
      `s:${event.id}`,
    );
    await this.repo.markTransferred(event.id, this.clock.now(), transferId, entry.body.subjectCount);
    await this.audit.record({
      actor: 'system:transfers',
      action: 'transfers.successor.transfer',
      target: `successor-event:${event.id}`,
      outcome: 'success',
      details: { subjects: entry.body.subjectCount, seq: entry.seq },
    });
  }

  async get(id: string): Promise<SuccessorEvent> {
    const e = await this.repo.findById(id);
    if (!e) throw new SuccessorEventNotFoundError();
    return e;
  }

  list(): Promise<SuccessorEvent[]> {
    return this.repo.list();
  }

  /** The successor notices this person has not acknowledged: the portal's banner. */
  async pendingFor(subjectId: string): Promise<PendingSuccessorNotice[]> {
    const notices = (await this.repo.noticesOf(subjectId)).filter((n) => !n.acknowledgedAt);
    const out: PendingSuccessorNotice[] = [];
    for (const n of notices) {
      const e = await this.repo.findById(n.eventId);
      if (!e) continue;
      const [r] = await this.recipients.findByIds([e.recipientId]);
      out.push({
        eventId: e.id,
        successor: r?.name ?? '',
        country: r?.country ?? '',
        effectiveAt: new Date(e.effectiveAt).toISOString(),
        categories: e.categories,
      });
    }
    return out;
  }

  /** Every successor notice of the person, acknowledged or not (export). */
  async noticesOf(subjectId: string) {
    return (await this.repo.noticesOf(subjectId)).map((n) => ({
      eventId: n.eventId,
      notifiedAt: new Date(n.notifiedAt).toISOString(),
      ...(n.acknowledgedAt ? { acknowledgedAt: new Date(n.acknowledgedAt).toISOString() } : {}),
    }));
  }

  async acknowledge(eventId: string, subjectId: string): Promise<void> {
    if (!/^[0-9a-f]{24}$/i.test(eventId) || !(await this.repo.acknowledge(eventId, subjectId, this.clock.now()))) throw new SuccessorNoticeNotFoundError();
    await this.audit.record({ actor: subjectId, action: 'transfers.successor.acknowledge', target: subjectId, outcome: 'success', details: { eventId } });
  }

  deleteNoticesOf(subjectIds: string[]) {
    return this.repo.deleteNoticesOf(subjectIds);
  }
}
