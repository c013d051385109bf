import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';
import type { ErasureReason } from './erasure.service';

export const ErasureJobs = defineJobs({
  /** Erases accounts now, for a reason (job id erase:<reason>:<batch>): a provider's deletion callback, a request. */
  Erase: 'erase',
  /** Verifies finished erasures left no residue; enqueued after erasures and by cron. */
  ResidueSweep: 'residue-sweep',
  /** The full residue audit: every document, against keyed hashes of everyone erased since the last one; cron (weekly). */
  ResidueAudit: 'residue-audit',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    erase: { accountIds: string[]; reason: ErasureReason };
    'residue-sweep': SlotPayload;
    'residue-audit': SlotPayload;
  }
}
