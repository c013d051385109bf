import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AppConfig } from '../../config/app-config';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { MetricsService } from '../../core/metrics/metrics.service';
import { JobName, JobPayloads } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { JobQueue } from '../../core/queue/job-queue.service';
import { slotOf } from '../../core/queue/schedule';
import { AccountsService } from '../accounts/accounts.service';
import type { Account } from '../accounts/schemas/account.schema';
import { AuditService } from '../audit/audit.service';
import { ErasureService } from '../erasure/erasure.service';
import { ERASURE_REQUESTED_EVENT, ErasureRequestedEvent } from '../identity/identity.events';
import { NotificationsService } from '../notifications/notifications.service';
import { CannotTerminateError, GracePeriodOverError, NotTerminatedError } from './retention.errors';
import { RetentionRepository } from './retention.repository';
import { CANCELLED_TEMPLATE, REMINDER_TEMPLATE, TERMINATED_TEMPLATE } from './retention.templates';
import type { PurgeScheduleDoc } from './schemas/purge-schedule.schema';

const REMINDER_DAYS = 3;
const SCAN_PAGE = 500;

export interface DueEntry {
  accountId: string;
  subjectId: string;
  dueAt: Date;
  held: boolean;
}

/**
 * Termination, the grace period and the scheduled purge: terminated accounts become due at
 * purgeAfter (RETENTION_DAYS later), get a reminder 3 days before, wait while a legal hold is in force,
 * and are erased through the erasure engine exactly once.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly repo: RetentionRepository,
    private readonly accounts: AccountsService,
    private readonly erasure: ErasureService,
    private readonly notifications: NotificationsService,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async terminate(accountId: string, actor: string): Promise<{ terminatedAt: Date; purgeAfter: Date }> {
    const terminatedAt = this.clock.now();
    const purgeAfter = new Date(terminatedAt.getTime() + this.config.retentionDays * DAY_MS);
    const account = await this.accounts.setStatus(accountId, 'terminated', { terminatedAt, purgeAfter }, { whereStatus: ['active'] });
    if (!account) {
      const current = await this.accounts.getById(accountId);
      if (current.status === 'terminated' && current.terminatedAt && current.purgeAfter) return { terminatedAt: current.terminatedAt, purgeAfter: current.purgeAfter };
      throw new CannotTerminateError();
    }
    await this.repo.schedulePurge({ _id: account.id, subjectId: account.subjectId, dueAt: purgeAfter, remindAt: new Date(purgeAfter.getTime() - REMINDER_DAYS * DAY_MS), reminded: false });
    await this.audit.record({ actor, action: 'account.terminate', target: account.subjectId, outcome: 'success', details: { purgeAfter: purgeAfter.toISOString() } });
    await this.mail(account, TERMINATED_TEMPLATE, `terminated:${account.id}:${terminatedAt.getTime()}`, purgeAfter);
    return { terminatedAt, purgeAfter };
  }

  async cancelTermination(accountId: string, actor: string): Promise<void> {
    const account = await this.accounts.getById(accountId);
    if (account.status !== 'terminated') throw new NotTerminatedError();
    if (!account.purgeAfter || account.purgeAfter <= this.clock.now()) throw new GracePeriodOverError();
    const restored = await this.accounts.update(account.id, { status: 'active' }, { expectedVersion: account.version, unset: ['terminatedAt', 'purgeAfter'] });
    if (!restored) throw new GracePeriodOverError();
    await this.repo.unschedule(account.id);
    await this.audit.record({ actor, action: 'account.termination.cancel', target: account.subjectId, outcome: 'success' });
    await this.mail(restored, CANCELLED_TEMPLATE, `cancelled:${account.id}:${account.terminatedAt?.getTime()}`);
  }

  /**
   * A person asked to be erased (e.g. through Facebook's data deletion callback): the account closes at
   * once with no grace period and its erasure is enqueued; a legal hold still postpones it.
   */
  @OnEvent(ERASURE_REQUESTED_EVENT, { promisify: true })
  async onErasureRequested(event: ErasureRequestedEvent): Promise<void> {
    if (!event.accountId) return;
    const now = this.clock.now();
    const account = await this.accounts.setStatus(event.accountId, 'terminated', { terminatedAt: now, purgeAfter: now }, { whereStatus: ['active', 'suspended', 'terminated'] });
    if (!account) return;
    await this.repo.schedulePurge({ _id: account.id, subjectId: account.subjectId, dueAt: now, remindAt: now, reminded: true });
    await this.audit.record({ actor: `provider:${event.source}`, action: 'account.erasure-requested', target: account.subjectId, outcome: 'success' });
    await this.queue.enqueue(JobName.Erase, { accountId: account.id, reason: 'request' }, { jobId: `erase:${account.id}` }).catch((err) => this.logger.warn({ err: { message: (err as Error).message } }, 'erase job not enqueued now; the next retention scan picks it up'));
  }

  /** What is due at `now`: purges (held or not). Reads only the purge schedule. */
  async due(now: Date): Promise<DueEntry[]> {
    const out: DueEntry[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.repo.dueAt(now, SCAN_PAGE, after);
      for (const e of page) {
        if (new Date(e.dueAt) <= now) out.push({ accountId: e._id, subjectId: e.subjectId, dueAt: new Date(e.dueAt), held: (await this.repo.activeHolds(e.subjectId, now)).length > 0 });
      }
      if (page.length < SCAN_PAGE) return out;
      after = page[page.length - 1]._id;
    }
  }

  /** The scheduled scan: reminders, then one erase job per due, unheld account. */
  @JobHandler(JobName.RetentionScan)
  scan(payload?: JobPayloads[JobName.RetentionScan]): Promise<{ enqueued: number; reminded: number; held: number }> {
    return this.scanAt(this.clock.now(), payload?.slot);
  }

  async scanAt(now: Date, slot?: string): Promise<{ enqueued: number; reminded: number; held: number }> {
    let enqueued = 0;
    let reminded = 0;
    let held = 0;
    let oldest = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.repo.dueAt(now, SCAN_PAGE, after);
      for (const entry of page) {
        if (new Date(entry.dueAt) > now) {
          if (!entry.reminded && (await this.remind(entry))) reminded++;
          continue;
        }
        if ((await this.repo.activeHolds(entry.subjectId, now)).length) {
          held++;
          continue;
        }
        oldest = Math.max(oldest, now.getTime() - new Date(entry.dueAt).getTime());
        await this.queue.enqueue(JobName.Erase, { accountId: entry._id, reason: 'retention' }, { jobId: `erase:${entry._id}` });
        enqueued++;
      }
      if (page.length < SCAN_PAGE) break;
      after = page[page.length - 1]._id;
    }
    this.metrics.held.set(held);
    this.metrics.oldestOverdue.set(oldest / 1000);
    if (enqueued || reminded || held) this.logger.log({ slot, enqueued, reminded, held }, 'retention scan');
    return { enqueued, reminded, held };
  }

  /** Erases one due account. Re-checks everything, so a duplicated or late job is harmless. */
  @JobHandler(JobName.Erase)
  async eraseJob({ accountId }: JobPayloads[JobName.Erase]): Promise<string> {
    const result = await this.purgeOne(accountId, this.clock.now());
    if (result === 'erased') await this.queue.enqueue(JobName.ResidueSweep, { slot: slotOf(this.clock.now()) }, { jobId: `residue-sweep:${slotOf(this.clock.now())}`, delayMs: 5000 });
    return result;
  }

  /** Purges one account if it is still due at `now`: terminated, past purgeAfter, no hold. */
  async purgeOne(accountId: string, now: Date): Promise<'erased' | 'not-due' | 'held' | 'gone'> {
    const account = await this.accounts.findById(accountId);
    const runResume = await this.erasure.eraseIfStarted(accountId);
    if (runResume) {
      await this.repo.unschedule(accountId);
      return 'erased';
    }
    if (!account) {
      await this.repo.unschedule(accountId);
      return 'gone';
    }
    if (account.status !== 'terminated' || !account.purgeAfter || account.purgeAfter > now) return 'not-due';
    if ((await this.repo.activeHolds(account.subjectId, now)).length) return 'held';
    await this.erasure.eraseAccount(account.id, 'retention');
    await this.repo.unschedule(account.id);
    return 'erased';
  }

  private async remind(entry: PurgeScheduleDoc): Promise<boolean> {
    const account = await this.accounts.findById(entry._id);
    if (!account || account.status !== 'terminated') return false;
    await this.mail(account, REMINDER_TEMPLATE, `purge-reminder:${account.id}:${new Date(entry.dueAt).getTime()}`, new Date(entry.dueAt));
    await this.repo.markReminded(entry._id);
    return true;
  }

  private async mail(account: Account, template: string, key: string, purgeAfter?: Date): Promise<void> {
    if (!account.email) return;
    await this.notifications.send({
      to: { accountId: account.id },
      template,
      category: 'service',
      idempotencyKey: key,
      data: { purgeDate: purgeAfter?.toISOString().slice(0, 10), days: this.config.retentionDays, profileUrl: `${this.config.publicBaseUrl}/profile` },
    });
  }
}
