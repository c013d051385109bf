import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const MinorsJobs = defineJobs({
  /** Deletes re-registration blocks past MINOR_BLOCK_DAYS and decided reports past MINOR_REPORT_DAYS; cron-enqueued. */
  Prune: 'minors-prune',
  /** Enqueues again the erasure of a removed child that has not happened (the queue was down); cron-enqueued. */
  ResumeRemovals: 'minors-resume-removals',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'minors-prune': SlotPayload;
    'minors-resume-removals': SlotPayload;
  }
}
