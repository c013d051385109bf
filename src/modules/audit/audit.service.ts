import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { SlotPayload } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { AuditRepository } from './audit.repository';
import { AuditBody } from './schemas/audit-event.schema';
import { AuditJobs } from './audit.jobs';

/** Append-only, hash-chained trail of what agents, admins and the system did. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async record(body: AuditBody): Promise<void> {
    await this.repo.append(body, this.clock.now());
  }

  /** Records many events in one write (e.g. one per person of an erasure batch). */
  async recordMany(bodies: AuditBody[]): Promise<void> {
    if (bodies.length) await this.repo.appendMany(bodies, this.clock.now());
  }

  verify() {
    return this.repo.verify();
  }

  list(opts: { before?: string; limit: number; target?: string }) {
    return this.repo.list(opts);
  }

  /** Scheduled check of the chain; a broken chain is logged as an error for alerting. */
  @JobHandler(AuditJobs.AuditVerify, { cron: (c) => c.cron.auditVerify })
  async verifyOnSchedule(payload: SlotPayload): Promise<{ ok: boolean; count: number }> {
    const result = await this.repo.verify();
    if (result.ok) this.logger.log({ slot: payload.slot, entries: result.count }, 'audit chain intact');
    else this.logger.error({ slot: payload.slot, firstBad: result.firstBad }, 'audit chain BROKEN');
    return { ok: result.ok, count: result.count };
  }
}
