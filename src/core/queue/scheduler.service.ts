import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { JobName } from './job-catalogue';
import { JobQueue } from './job-queue.service';
import { JobRegistry } from './job-registry';
import { slotOf } from './schedule';

/** Registers the cron entries the job handlers declare (`@JobHandler(name, { cron })`); each tick enqueues `<job>:<slot>` and nothing else. */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    private readonly jobs: JobRegistry,
  ) {}

  onApplicationBootstrap(): void {
    for (const entry of this.jobs.scheduled()) {
      const cron = CronJob.from({
        cronTime: entry.cron(this.config),
        onTick: () => {
          this.tick(entry.job).catch((err) => this.logger.warn({ job: entry.job, err }, 'scheduled enqueue failed; the next tick tries again'));
        },
        start: true,
      });
      this.registry.addCronJob(entry.job, cron);
    }
  }

  onApplicationShutdown(): void {
    for (const entry of this.jobs.scheduled()) {
      try {
        void this.registry.getCronJob(entry.job).stop();
        this.registry.deleteCronJob(entry.job);
      } catch {
        /* already gone */
      }
    }
  }

  /** Enqueues the job for the current slot (a no-op when another instance already did). */
  async tick(job: JobName, now: Date = this.clock.now()): Promise<void> {
    const slot = slotOf(now);
    await this.queue.enqueue(job, { slot } as never, { jobId: `${job}:${slot}` });
  }
}
