import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const AnchoringJobs = defineJobs({
  /** Verifies every hash-chained log and writes a signed checkpoint of each that checks out; cron-enqueued once per slot. */
  ChainCheckpoint: 'chain-checkpoint',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'chain-checkpoint': SlotPayload;
  }
}
