import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { Clock, DAY_MS } from '../../../core/clock/clock';
import { JobPayloads } from '../../../core/queue/job-catalogue';
import { JobHandler } from '../../../core/queue/job-handler.decorator';
import { Mailer } from '../mailer';
import { NotificationsService } from '../notifications.service';
import { OutboxRepository } from '../outbox.repository';
import { NotificationJobs } from '../notifications.jobs';

const SWEEP_MIN_AGE_MS = 30_000;
const SWEEP_BATCH = 500;
const PRUNE_BATCH = 1000;

/** Sends outbox messages, re-enqueues stragglers, deletes old ones. */
@Injectable()
export class OutboxJobs {
  private readonly logger = new Logger(OutboxJobs.name);
  /**
   * One message at a time between "handed to SMTP" and "recorded as sent" in this process, so a crash
   * can leave at most one accepted-but-unrecorded message behind: at most one duplicate per crash.
   */
  private window: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly notifications: NotificationsService,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Sends one message. A message already recorded as sent is never sent again; the only possible
   * duplicate (a crash between the SMTP server's acceptance and the record) has the same Message-ID.
   */
  @JobHandler(NotificationJobs.SendEmail)
  async send({ messageId }: JobPayloads[typeof NotificationJobs.SendEmail]): Promise<string> {
    const m = await this.outbox.findById(messageId);
    if (!m || m.status !== 'pending') return 'skipped';
    if (!m.to || !m.subject) {
      await this.outbox.markFinal(m.id, 'failed', 'no address');
      return 'failed';
    }
    if (m.category === 'marketing' && !(await this.notifications.mayMarketTo(m.to, m.accountId))) {
      await this.outbox.markFinal(m.id, 'suppressed');
      return 'suppressed';
    }
    const run = this.window.then(() => this.deliver(m));
    this.window = run.catch(() => undefined);
    return run;
  }

  private async deliver(m: NonNullable<Awaited<ReturnType<OutboxRepository['findById']>>>): Promise<string> {
    const fresh = await this.outbox.findById(m.id);
    if (!fresh || fresh.status !== 'pending') return 'skipped'; // a duplicate job got here first
    try {
      await this.mailer.send({ to: m.to!, subject: m.subject!, html: m.html ?? '', text: m.text ?? '', messageId: m.messageId, headers: m.headers });
    } catch (err) {
      await this.outbox.recordAttempt(m.id, String((err as { responseCode?: number }).responseCode ?? (err as Error).name));
      throw err; // Bull retries with backoff
    }
    await this.outbox.markSent(m.id, this.clock.now(), m.scrubAfterSend);
    return 'sent';
  }

  /** Re-enqueues messages still pending after a while (their enqueue was lost, e.g. Redis was down). */
  @JobHandler(NotificationJobs.OutboxSweep, { cron: (c) => c.cron.outboxSweep })
  async sweep(): Promise<number> {
    const cutoff = this.clock.now().getTime() - SWEEP_MIN_AGE_MS;
    const due = (await this.outbox.pending(SWEEP_BATCH)).filter((m) => new Date(m.createdAt).getTime() <= cutoff);
    for (const m of due) await this.notifications.enqueue(m.id);
    if (due.length) this.logger.log({ count: due.length }, 'outbox sweep re-enqueued pending messages');
    return due.length;
  }

  /** Deletes messages past SENT_MESSAGE_RETENTION_DAYS, in bounded batches. */
  @JobHandler(NotificationJobs.OutboxPrune, { cron: (c) => c.cron.outboxPrune })
  async prune(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.notifications.sentRetentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const ids = await this.outbox.finishedBefore(before, PRUNE_BATCH);
      if (!ids.length) break;
      total += await this.outbox.deleteIds(ids);
      if (ids.length < PRUNE_BATCH) break;
    }
    return total;
  }
}
