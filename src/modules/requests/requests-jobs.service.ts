import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import type { SlotPayload } from '../../core/queue/job-catalogue';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RequestsJobs } from './requests.jobs';
import { RequestsRepository } from './requests.repository';
import { REQUEST_MAIL } from './requests.templates';

const BATCH = 500;

/** Scheduled work of the desk; each reads only what is due (indexed expiresAt / pruneAt / dueAt), in bounded batches. */
@Injectable()
export class RequestsJobsService {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Unverified requests past their time are deleted with everything in them (nothing was ever confirmed). */
  @JobHandler(RequestsJobs.Expire, { cron: (c) => c.cron.requestsExpire })
  async expire(): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await this.repo.expiredIds(this.clock.now(), BATCH);
      total += await this.repo.deleteIds(ids);
      if (ids.length < BATCH) break;
    }
    if (total) await this.audit.record({ actor: 'system:requests', action: 'requests.expire', outcome: 'success', details: { count: total } });
    return total;
  }

  /** Closed requests kept as proof for REQUESTS_RETENTION_YEARS, then deleted. */
  @JobHandler(RequestsJobs.Prune, { cron: (c) => c.cron.requestsPrune })
  async prune(): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await this.repo.pruneDueIds(this.clock.now(), BATCH);
      total += await this.repo.deleteIds(ids);
      if (ids.length < BATCH) return total;
    }
  }

  /** One email a day to the agents listed in REQUESTS_DIGEST_TO: open requests due within 7 days or overdue. */
  @JobHandler(RequestsJobs.Digest, { cron: (c) => c.cron.requestsDigest })
  async digest(payload?: SlotPayload): Promise<number> {
    const now = this.clock.now();
    const due = await this.repo.dueSoon(new Date(now.getTime() + 7 * 86_400_000), 200);
    if (!due.length || !this.config.requests.digestTo.length) return 0;
    const overdue = due.filter((r) => r.dueAt! < now).length;
    const lines = due
      .map((r) => `${r.dueAt!.toISOString().slice(0, 10)}  ${r.type}  ${r.status}  ${this.config.publicBaseUrl}/agent/requests/${r._id}`)
      .join('\n');
    const day = now.toISOString().slice(0, 10);
    for (const [i, to] of this.config.requests.digestTo.entries()) {
      await this.notifications.send({
        to: { email: to },
        template: REQUEST_MAIL.digest,
        category: 'service',
        idempotencyKey: `requests:digest:${day}:${i}`,
        data: { count: due.length, overdue, lines, queueLink: `${this.config.publicBaseUrl}/agent/requests?due=soon`, slot: payload?.slot },
      });
    }
    return due.length;
  }
}
