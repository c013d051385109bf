import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const AuditJobs = defineJobs({
  /** Verifies the audit trail's hash chain; cron-enqueued once per slot. */
  AuditVerify: 'audit-verify',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'audit-verify': SlotPayload;
  }
}
