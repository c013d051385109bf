import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { MinorsJobs } from './minors.jobs';
import { MinorsRepository } from './minors.repository';
import { MinorsService } from './minors.service';

const RESUME_AFTER_MS = 5 * 60_000;
const RESUME_BATCH = 500;

/** The scheduled deletion the children's privacy policy promises (/children-privacy reads the same configuration). */
@Injectable()
export class MinorsJobsService {
  private readonly logger = new Logger(MinorsJobsService.name);

  constructor(
    private readonly repo: MinorsRepository,
    private readonly minors: MinorsService,
    private readonly clock: Clock,
  ) {}

  @JobHandler(MinorsJobs.Prune, { cron: (c) => c.minors.pruneCron })
  async prune(): Promise<{ blocks: number; reports: number }> {
    const now = this.clock.now();
    const blocks = await this.repo.pruneBlocks(now);
    const reports = await this.repo.pruneReports(now);
    if (blocks || reports) this.logger.log({ blocks, reports }, 'expired minors records deleted');
    return { blocks, reports };
  }

  /**
   * A removal stores its decision before it ends the sessions and enqueues the erasure (both in Redis);
   * when Redis was down then, the decision outlives the attempt (erasure deletes it with the account),
   * and this finishes it. Decisions younger than RESUME_AFTER_MS are left to their own removal.
   */
  @JobHandler(MinorsJobs.ResumeRemovals, { cron: (c) => c.minors.resumeCron })
  async resumeRemovals(): Promise<{ resumed: number }> {
    const accountIds = await this.repo.removalsDecidedBefore(new Date(this.clock.now().getTime() - RESUME_AFTER_MS), RESUME_BATCH);
    // one erasure job per account: its id is the removal's, so a job that is only late is not doubled
    for (const id of accountIds) await this.minors.finishRemoval(id);
    if (accountIds.length) this.logger.warn({ resumed: accountIds.length }, 'erasure of removed children enqueued again');
    return { resumed: accountIds.length };
  }
}
