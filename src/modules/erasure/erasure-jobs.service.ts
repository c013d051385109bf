import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Clock } from '../../core/clock/clock';
import { JobPayloads } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { JobQueue } from '../../core/queue/job-queue.service';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { ERASURE_REQUESTED_EVENT, ErasureRequestedEvent } from './erasure.events';
import { ErasureJobs } from './erasure.jobs';
import { BatchResult, ErasureReason, ErasureService } from './erasure.service';

/** Erasure in the background: the `erase` job, and what other modules ask for through the erasure event. */
@Injectable()
export class ErasureJobsService {
  private readonly logger = new Logger(ErasureJobsService.name);

  constructor(
    private readonly erasure: ErasureService,
    private readonly accounts: AccountsService,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Enqueues the erasure of these accounts (job id `erase:<reason>:<batch>`, so a repeat adds nothing). */
  async enqueue(accountIds: string[], reason: ErasureReason): Promise<void> {
    if (!accountIds.length) return;
    await this.queue.enqueue(ErasureJobs.Erase, { accountIds, reason }, { jobId: `erase:${reason}:${this.erasure.batchIdOf(accountIds)}` });
  }

  /** Erases the accounts of the job; a repeated or late job finds them done and changes nothing. */
  @JobHandler(ErasureJobs.Erase)
  async erase(payload: JobPayloads[typeof ErasureJobs.Erase] | { accountId: string; reason: ErasureReason }): Promise<BatchResult> {
    // A job queued by the release before (one account per job) is still honoured.
    const accountIds = 'accountIds' in payload ? payload.accountIds : [payload.accountId];
    return this.erasure.eraseSubjects(
      accountIds.map((accountId) => ({ accountId })),
      payload.reason,
    );
  }

  /**
   * A provider's deletion callback: the account is suspended at once (its sessions end and nobody signs
   * in while it is erased), then erased in the background with reason `provider`. If the queue is down,
   * the error reaches the caller, who answers 503 so the provider retries.
   */
  @OnEvent(ERASURE_REQUESTED_EVENT, { promisify: true })
  async onErasureRequested(event: ErasureRequestedEvent): Promise<void> {
    if (!event.accountId) return;
    const account = await this.accounts.setStatus(
      event.accountId,
      'suspended',
      { suspendedAt: this.clock.now() },
      { whereStatus: ['active', 'suspended', 'terminated'] },
    );
    if (!account) return;
    await this.audit.record({
      actor: `provider:${event.source}`,
      action: 'erasure.enqueued',
      target: account.subjectId,
      outcome: 'success',
      details: { reason: 'provider' },
    });
    await this.enqueue([account.id], 'provider');
    this.logger.log({ subject: account.subjectId, reason: 'provider' }, 'erasure enqueued');
  }
}
