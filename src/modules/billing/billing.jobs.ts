import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const BillingJobs = defineJobs({
  /** Deletes invoices whose bookkeeping retention has ended; cron-enqueued. */
  BillingPrune: 'billing-prune',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'billing-prune': SlotPayload;
  }
}
