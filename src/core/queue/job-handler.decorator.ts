import { SetMetadata } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import type { JobName } from './job-catalogue';

export const JOB_HANDLER = 'rightsdesk:job-handler';

export interface JobHandlerMeta {
  name: JobName;
  /** A cron-enqueued job: its cron expression (from configuration). Each tick only enqueues `<job>:<slot>`. */
  cron?: (config: AppConfig) => string;
}

/**
 * Marks a provider method as the handler of one job, and (with `cron`) schedules it. The handler reloads
 * state from the database and re-checks preconditions, so a retried or duplicated job is harmless.
 */
export const JobHandler = (name: JobName, opts: Omit<JobHandlerMeta, 'name'> = {}) => SetMetadata(JOB_HANDLER, { name, ...opts } satisfies JobHandlerMeta);
