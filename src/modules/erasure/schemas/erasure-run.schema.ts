import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Subject } from '../../../core/personal-data/personal-data.types';

export type RunStatus = 'running' | 'erased' | 'verified' | 'residue';

/**
 * One person's erasure. Its id is a keyed hash of the account id, so inserting it is the claim: one
 * erasure per person however many workers try. It belongs to the batch that claimed it (the progress of
 * a batch is in erasure_steps); the subject's identifiers are dropped once the residue sweep has verified it.
 */
@Schema({ collection: 'erasure_runs', versionKey: false })
export class ErasureRunDoc {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, index: true })
  status: RunStatus;

  /** The batch erasing this person now (see ErasureService.eraseBatch) */
  @Prop({ type: String, required: true, index: true })
  batch: string;

  /** The person's identifiers while the erasure runs (needed after the account itself is gone) */
  @Prop({ type: Object })
  subject?: Subject;

  /** Why: retention purge, erasure request, under-13 removal ... */
  @Prop({ type: String, required: true })
  reason: string;

  /** When the batch last showed it is alive; a run whose batch went quiet for the lease is taken over */
  @Prop({ type: Date, required: true })
  heartbeatAt: Date;

  /** Collections where records were kept under a legal basis (the sweep accepts identifiers there) */
  @Prop({ type: [String], default: undefined })
  kept?: string[];

  /** Collections where the sweep found residue (names only) */
  @Prop({ type: [String], default: undefined })
  residue?: string[];

  @Prop({ type: Date, required: true })
  startedAt: Date;

  @Prop({ type: Date })
  erasedAt?: Date;

  @Prop({ type: Date })
  verifiedAt?: Date;
}

export const ErasureRunSchema = SchemaFactory.createForClass(ErasureRunDoc);
