import { AppConfig } from '../../config/app-config';
import { JobName } from './job-catalogue';

/**
 * Cron-enqueued jobs. A cron tick only enqueues, with a slot-based job id, so any number of workers
 * produce one run per slot (DESIGN conventions 11-12).
 */
export interface ScheduledJob {
  job: JobName;
  cron: (config: AppConfig) => string;
}

export const SCHEDULE: ScheduledJob[] = [
  { job: JobName.AuditVerify, cron: (c) => c.cron.auditVerify },
  { job: JobName.OutboxSweep, cron: (c) => c.cron.outboxSweep },
  { job: JobName.OutboxPrune, cron: (c) => c.cron.outboxPrune },
  { job: JobName.RetentionScan, cron: (c) => c.cron.retentionScan },
  { job: JobName.ResidueSweep, cron: (c) => c.cron.residueSweep },
  { job: JobName.BillingPrune, cron: (c) => c.cron.billingPrune },
];

/** The slot of a tick: the nearest whole minute, so instances whose clocks differ by seconds agree. */
export function slotOf(now: Date): string {
  return new Date(Math.round(now.getTime() / 60000) * 60000).toISOString();
}
