import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { ConsentLedgerService } from './consent-ledger.service';
import { TestimonialsRepository } from './testimonials.repository';
import { TestimonialJobs } from './testimonials.jobs';

const BATCH = 200;

/**
 * Reconfirmation (FTC 16 CFR 255.1(b): a quote runs only while there is reason to believe the person still
 * holds the view): reads only what is due (indexed reconfirmDueAt / takedownDueAt), asks the author again,
 * and takes a quote down with an `expired` consent record when they did not answer within the grace.
 */
@Injectable()
export class TestimonialsReconfirmService {
  private readonly logger = new Logger(TestimonialsReconfirmService.name);

  constructor(
    private readonly repo: TestimonialsRepository,
    private readonly ledger: ConsentLedgerService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @JobHandler(TestimonialJobs.Reconfirm, { cron: (c) => c.cron.testimonialsReconfirm })
  async run(): Promise<{ asked: number; takenDown: number }> {
    let asked = 0;
    let takenDown = 0;
    for (;;) {
      const due = await this.repo.dueForTakedown(this.clock.now(), BATCH);
      for (const t of due) if (await this.expire(t)) takenDown++;
      if (due.length < BATCH) break;
    }
    for (;;) {
      const due = await this.repo.dueForReconfirmation(this.clock.now(), BATCH);
      for (const t of due) if (await this.ask(t)) asked++;
      if (due.length < BATCH) break;
    }
    if (asked || takenDown) this.logger.log({ msg: 'testimonials reconfirmation', asked, takenDown });
    return { asked, takenDown };
  }

  private async ask(t: Awaited<ReturnType<TestimonialsRepository['dueForReconfirmation']>>[number]): Promise<boolean> {
    const now = this.clock.now();
    if (t.consentState !== 'granted' || !['published', 'consented'].includes(t.status)) {
      return !!(await this.repo.move(t._id, { version: t.version }, {}, ['reconfirmDueAt']));
    }
    const { token, hash } = this.ledger.newToken();
    const takedownAt = new Date(now.getTime() + this.config.testimonials.graceDays * DAY_MS);
    const moved = await this.repo.move(t._id, { version: t.version }, { takedownDueAt: takedownAt, requestTokenHash: hash, requestExpiresAt: takedownAt }, [
      'reconfirmDueAt',
    ]);
    if (!moved) return false;
    await this.ledger.sendRequest(moved, token, takedownAt, 'reconfirm');
    return true;
  }

  private async expire(t: Awaited<ReturnType<TestimonialsRepository['dueForTakedown']>>[number]): Promise<boolean> {
    if (t.consentState !== 'granted') return !!(await this.repo.move(t._id, { version: t.version }, {}, ['takedownDueAt']));
    const now = this.clock.now();
    await this.ledger.record(t, 'expired', { method: 'system', actor: 'system:testimonials-reconfirm', collector: 'system:testimonials-reconfirm' }, [], {
      set: {
        status: t.status === 'published' ? 'removed' : 'draft',
        consentState: 'expired',
        endedAt: now,
        endedBy: 'system:testimonials-reconfirm',
        endReason: 'consent_expired',
      },
      unset: ['consent', 'withdrawTokenHash', 'publishedAt', 'takedownDueAt', 'reconfirmDueAt', 'requestTokenHash', 'requestExpiresAt'],
    });
    return true;
  }
}
