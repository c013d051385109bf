import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const TransferJobs = defineJobs({
  /** Emails every affected account of a successor event, page by page, resuming from its recorded cursor. */
  SuccessorFanOut: 'transfers-successor-fanout',
  /** Logs the bulk transfer of successor events whose date has come; cron-enqueued. */
  SuccessorTransfer: 'transfers-successor-transfer',
  /** Reminds recipients of Art. 19 notices they have not acknowledged; cron-enqueued. */
  NoticeReminders: 'transfers-notice-reminders',
  /** Verifies the transfer log's hash chain; cron-enqueued. */
  Verify: 'transfers-verify',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'transfers-successor-fanout': { eventId: string };
    'transfers-successor-transfer': SlotPayload;
    'transfers-notice-reminders': SlotPayload;
    'transfers-verify': SlotPayload;
  }
}
