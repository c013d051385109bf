import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const RetentionJobs = defineJobs({
  /** Finds due purges and reminders in the purge schedule; cron-enqueued. */
  RetentionScan: 'retention-scan',
  /** Purges a batch of due accounts found by a retention scan (job id erase-batch:<slot>:<batch>). */
  EraseBatch: 'erase-batch',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'retention-scan': SlotPayload;
    'erase-batch': { accountIds: string[] };
  }
}
