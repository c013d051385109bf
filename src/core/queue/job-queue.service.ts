import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { JobName, JobPayloads, QUEUE_NAME } from './job-catalogue';

export interface EnqueueOptions {
  /** Deterministic id: a second enqueue with the same id while the first is kept is a no-op. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

const DAY_S = 24 * 60 * 60;

/** All enqueues go through here. */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger(JobQueue.name);

  constructor(@InjectQueue(QUEUE_NAME) private readonly queue: Queue) {
    // Without a listener, a Redis outage would surface as an unhandled 'error' event.
    this.queue.on('error', (err) => this.logger.warn({ err: { type: err.name, message: err.message } }, 'queue connection error'));
  }

  /**
   * Enqueues a job. With a jobId, an existing waiting/active/completed job of that id makes this a
   * no-op (Bull's add is atomic on the id, so concurrent enqueuers create one job); a failed one is
   * replaced, so a later enqueue retries the work.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}): Promise<void> {
    const jobOpts = this.options(opts);
    if (opts.jobId) {
      jobOpts.jobId = opts.jobId;
      const existing = await this.queue.getJob(opts.jobId);
      if (existing) {
        if (!(await existing.isFailed())) return;
        await existing.remove().catch(() => undefined);
      }
    }
    await this.queue.add(name, payload, jobOpts);
  }

  /** Enqueues many jobs of one name in one round trip; each jobId should be new (e.g. derived from a new record). */
  async enqueueMany<N extends JobName>(name: N, jobs: { payload: JobPayloads[N]; jobId: string }[]): Promise<void> {
    if (!jobs.length) return;
    await this.queue.addBulk(jobs.map((j) => ({ name, data: j.payload, opts: { ...this.options({}), jobId: j.jobId } })));
  }

  private options(opts: EnqueueOptions): JobOptions {
    return {
      attempts: opts.attempts ?? 8,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 2 * DAY_S },
      removeOnFail: { age: 14 * DAY_S },
      delay: opts.delayMs,
    };
  }

  /** The underlying Bull queue, for health checks, metrics and tests. */
  get raw(): Queue {
    return this.queue;
  }
}
