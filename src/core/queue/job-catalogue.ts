/**
 * The one job catalogue: every background job's name and payload type. Payloads carry ids only,
 * never personal data (DESIGN conventions 8-10). Each name has exactly one @JobHandler (checked at
 * worker boot).
 */
export enum JobName {
  /** Verifies the audit trail's hash chain; cron-enqueued once per slot. */
  AuditVerify = 'audit-verify',
  /** Sends one outbox message. */
  SendEmail = 'send-email',
  /** Re-enqueues outbox messages still pending; cron-enqueued. */
  OutboxSweep = 'outbox-sweep',
  /** Deletes sent messages past their retention; cron-enqueued. */
  OutboxPrune = 'outbox-prune',
  /** Emails a material policy change to every active account. */
  PolicyNotice = 'policy-notice',
  /** Finds due purges and reminders in the purge schedule; cron-enqueued. */
  RetentionScan = 'retention-scan',
  /** Erases one account (job id erase:<accountId>), e.g. on a person's request. */
  Erase = 'erase',
  /** Erases a batch of due accounts found by a retention scan (job id erase-batch:<slot>:<n>). */
  EraseBatch = 'erase-batch',
  /** Verifies finished erasures left no residue; enqueued after erasures and by cron. */
  ResidueSweep = 'residue-sweep',
  /** Deletes invoices whose bookkeeping retention has ended; cron-enqueued. */
  BillingPrune = 'billing-prune',
}

/** A cron-enqueued job's payload: the slot it was enqueued for (ISO minute). */
export interface SlotPayload {
  slot: string;
}

export interface JobPayloads {
  [JobName.AuditVerify]: SlotPayload;
  [JobName.SendEmail]: { messageId: string };
  [JobName.OutboxSweep]: SlotPayload;
  [JobName.OutboxPrune]: SlotPayload;
  [JobName.PolicyNotice]: { version: string };
  [JobName.RetentionScan]: SlotPayload;
  [JobName.Erase]: { accountId: string; reason: 'retention' | 'request' };
  [JobName.EraseBatch]: { accountIds: string[] };
  [JobName.ResidueSweep]: SlotPayload;
  [JobName.BillingPrune]: SlotPayload;
}

export const QUEUE_NAME = 'rightsdesk';
