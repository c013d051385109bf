import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const RequestsJobs = defineJobs({
  /** Purges unverified requests whose verification time is up (with their data); cron-enqueued. */
  Expire: 'requests-expire',
  /** The agents' daily digest of near-due and overdue requests, through the outbox; cron-enqueued. */
  Digest: 'requests-digest',
  /** Deletes closed requests once their proof-of-compliance retention is over; cron-enqueued. */
  Prune: 'requests-prune',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'requests-expire': SlotPayload;
    'requests-digest': SlotPayload;
    'requests-prune': SlotPayload;
  }
}
