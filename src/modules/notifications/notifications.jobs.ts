import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const NotificationJobs = defineJobs({
  /** Sends one outbox message. */
  SendEmail: 'send-email',
  /** Re-enqueues outbox messages still pending; cron-enqueued. */
  OutboxSweep: 'outbox-sweep',
  /** Deletes sent messages past their retention; cron-enqueued. */
  OutboxPrune: 'outbox-prune',
  /** Emails a material policy change to every active account. */
  PolicyNotice: 'policy-notice',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'send-email': { messageId: string };
    'outbox-sweep': SlotPayload;
    'outbox-prune': SlotPayload;
    'policy-notice': { version: string };
  }
}
