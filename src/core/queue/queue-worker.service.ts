import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { JobName, QUEUE_NAME } from './job-catalogue';
import { JobRegistry } from './job-registry';

/** Processes the queue: one '*' processor that dispatches each job to its catalogue handler. */
@Injectable()
export class QueueWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueWorker.name);

  constructor(
    @InjectQueue(QUEUE_NAME) private readonly queue: Queue,
    private readonly registry: JobRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.load();
    const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
    this.queue.on('error', (err) => this.logger.warn({ err }, 'queue connection error'));
    this.queue.on('failed', (job, err) => this.logger.warn({ job: job.name, jobId: job.id, attempt: job.attemptsMade, err }, 'job failed'));
    void this.queue.process('*', concurrency, (job) =>
      this.registry.dispatch(job.name as JobName, job.data, { attempt: job.attemptsMade + 1, jobId: String(job.id) }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
