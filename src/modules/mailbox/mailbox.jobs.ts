import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const MailboxJobs = defineJobs({
  /** Reads new messages from the support mailbox (SUPPORT_IMAP_URL) into the requests desk; cron-enqueued. */
  Poll: 'mailbox-poll',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'mailbox-poll': SlotPayload;
  }
}
