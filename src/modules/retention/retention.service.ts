import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { JobPayloads } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { JobQueue } from '../../core/queue/job-queue.service';
import { slotOf } from '../../core/queue/schedule';
import { AccountsService } from '../accounts/accounts.service';
import type { Account } from '../accounts/account.types';
import { AuditService } from '../audit/audit.service';
import { ErasureService } from '../erasure/erasure.service';
import { NotificationsService } from '../notifications/notifications.service';
import { CannotTerminateError, GracePeriodOverError, NotTerminatedError } from './retention.errors';
import { RetentionMetrics } from './retention.metrics';
import { RetentionRepository } from './retention.repository';
import { CANCELLED_TEMPLATE, REMINDER_TEMPLATE, TERMINATED_TEMPLATE } from './retention.templates';
import type { PurgeScheduleDoc } from './schemas/purge-schedule.schema';
import { RetentionJobs } from './retention.jobs';

const REMINDER_DAYS = 3;
const SCAN_PAGE = 500;

export interface PurgeTally {
  erased: number;
  alreadyDone: number;
  busy: number;
  held: number;
  notDue: number;
  gone: number;
}

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
    private readonly metrics: RetentionMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async terminate(accountId: string, actor: string): Promise<{ terminatedAt: Date; purgeAfter: Date }> {
    const terminatedAt = this.clock.now();
    const purgeAfter = new Date(terminatedAt.getTime() + this.config.retentionDays * DAY_MS);
    const account = await this.accounts.setStatus(accountId, 'terminated', { terminatedAt, purgeAfter }, { whereStatus: ['active'] });
    if (!account) {
      const current = await this.accounts.getById(accountId);
      if (current.status === 'terminated' && current.terminatedAt && current.purgeAfter)
        return { terminatedAt: current.terminatedAt, purgeAfter: current.purgeAfter };
      throw new CannotTerminateError();
    }
    await this.repo.schedulePurge({
      _id: account.id,
      subjectId: account.subjectId,
      dueAt: purgeAfter,
      remindAt: new Date(purgeAfter.getTime() - REMINDER_DAYS * DAY_MS),
      reminded: false,
    });
    await this.audit.record({
      actor,
      action: 'account.terminate',
      target: account.subjectId,
      outcome: 'success',
      details: { purgeAfter: purgeAfter.toISOString() },
    });
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

  /** What is due at `now`: purges (held or not). Reads only the purge schedule. */
  async due(now: Date): Promise<DueEntry[]> {
    const out: DueEntry[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.repo.dueAt(now, SCAN_PAGE, after);
      const dueNow = page.filter((e) => new Date(e.dueAt) <= now);
      const held = await this.repo.heldAmong(
        dueNow.map((e) => e.subjectId),
        now,
      );
      for (const e of dueNow) out.push({ accountId: e._id, subjectId: e.subjectId, dueAt: new Date(e.dueAt), held: held.has(e.subjectId) });
      if (page.length < SCAN_PAGE) return out;
      after = page[page.length - 1]._id;
    }
  }

  /** The scheduled scan: reminders, then erase-batch jobs for the due, unheld accounts. */
  @JobHandler(RetentionJobs.RetentionScan, { cron: (c) => c.cron.retentionScan })
  scan(payload?: JobPayloads[typeof RetentionJobs.RetentionScan]): Promise<{ enqueued: number; reminded: number; held: number }> {
    return this.scanAt(this.clock.now(), payload?.slot);
  }

  /**
   * Reads only the purge schedule (its cost follows the pending terminations, not the accounts) and
   * enqueues the due accounts in batches of ERASURE_BATCH_SIZE. The job id names the slot and the batch,
   * so a repeated scan in one slot adds nothing; a person in two batches is still erased once (claims).
   */
  async scanAt(now: Date, slot = slotOf(now)): Promise<{ enqueued: number; reminded: number; held: number }> {
    let enqueued = 0;
    let reminded = 0;
    let held = 0;
    let oldest = 0;
    let after: string | undefined;
    let batch: string[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await this.queue.enqueue(RetentionJobs.EraseBatch, { accountIds: batch }, { jobId: `erase-batch:${slot}:${this.erasure.batchIdOf(batch)}` });
      enqueued += batch.length;
      batch = [];
    };
    for (;;) {
      const page = await this.repo.dueAt(now, SCAN_PAGE, after);
      const dueNow = page.filter((e) => new Date(e.dueAt) <= now);
      const holds = await this.repo.heldAmong(
        dueNow.map((e) => e.subjectId),
        now,
      );
      for (const entry of page) {
        if (new Date(entry.dueAt) > now) {
          if (!entry.reminded && (await this.remind(entry))) reminded++;
          continue;
        }
        if (holds.has(entry.subjectId)) {
          held++;
          continue;
        }
        oldest = Math.max(oldest, now.getTime() - new Date(entry.dueAt).getTime());
        batch.push(entry._id);
        if (batch.length >= this.config.erasureBatchSize) await flush();
      }
      if (page.length < SCAN_PAGE) break;
      after = page[page.length - 1]._id;
    }
    await flush();
    this.metrics.held.set(held);
    this.metrics.oldestOverdue.set(oldest / 1000);
    if (enqueued || reminded || held) this.logger.log({ slot, enqueued, reminded, held }, 'retention scan');
    return { enqueued, reminded, held };
  }

  /** Erases a batch of due accounts found by a scan. */
  @JobHandler(RetentionJobs.EraseBatch)
  async eraseBatchJob({ accountIds }: JobPayloads[typeof RetentionJobs.EraseBatch]): Promise<PurgeTally> {
    return this.purgeBatch(accountIds, this.clock.now());
  }

  /**
   * Purges the accounts of a batch that are due at `now` (terminated, past purgeAfter, no legal hold), in
   * one erasure batch; finishes interrupted erasures of accounts already gone; drops stale schedule entries.
   */
  async purgeBatch(accountIds: string[], now: Date): Promise<PurgeTally> {
    const ids = [...new Set(accountIds)];
    const accounts = await this.accounts.findByIds(ids);
    const found = new Set(accounts.map((a) => a.id));
    const gone = ids.filter((id) => !found.has(id));
    const due = accounts.filter((a) => a.status === 'terminated' && a.purgeAfter && a.purgeAfter <= now);
    const held = await this.repo.heldAmong(
      due.map((a) => a.subjectId),
      now,
    );
    // Accounts gone already go along: an interrupted erasure of theirs is finished, else they are reported gone.
    const targets = [...due.filter((a) => !held.has(a.subjectId)).map((a) => a.id), ...gone].map((accountId) => ({ accountId }));
    const result = await this.erasure.eraseSubjects(targets, 'retention', { batch: this.erasure.batchIdOf(ids) });
    await this.repo.unscheduleMany([...result.alreadyDone, ...result.gone]);
    return {
      erased: result.erased.length,
      alreadyDone: result.alreadyDone.length,
      busy: result.busy.length,
      held: held.size,
      notDue: accounts.length - due.length,
      gone: result.gone.length,
    };
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
