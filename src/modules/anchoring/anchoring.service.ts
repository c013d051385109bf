import { Injectable, Logger } from '@nestjs/common';
import { Checkpoints } from '../../core/checkpoints/checkpoints.service';
import type { VerifyResult } from '../../core/database/hash-chain';
import { SlotPayload } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { AnchoringJobs } from './anchoring.jobs';

/** Anchors every hash-chained log of the app: verifies each and, when it checks out, writes a signed checkpoint. */
@Injectable()
export class AnchoringService {
  private readonly logger = new Logger(AnchoringService.name);

  constructor(private readonly checkpoints: Checkpoints) {}

  /** Verifies every chain (each successful verify writes its checkpoint). */
  async verifyAll(): Promise<{ chain: string; result: VerifyResult }[]> {
    const out: { chain: string; result: VerifyResult }[] = [];
    for (const chain of this.checkpoints.chains().sort((a, b) => a.chainName.localeCompare(b.chainName)))
      out.push({ chain: chain.chainName, result: await chain.verify() });
    return out;
  }

  /** Scheduled (CHECKPOINT_CRON): a broken chain is logged as an error for alerting, and gets no checkpoint. */
  @JobHandler(AnchoringJobs.ChainCheckpoint, { cron: (c) => c.cron.chainCheckpoint })
  async checkpointOnSchedule(payload: SlotPayload): Promise<{ chain: string; ok: boolean; count: number }[]> {
    const results = await this.verifyAll();
    for (const { chain, result } of results) {
      if (result.ok) this.logger.log({ slot: payload.slot, chain, entries: result.count }, 'chain intact; checkpoint written');
      else this.logger.error({ slot: payload.slot, chain, firstBad: result.firstBad }, 'chain BROKEN: no checkpoint written');
    }
    return results.map(({ chain, result }) => ({ chain, ok: result.ok, count: result.count }));
  }
}
