import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ErasureOutcome, Subject } from '../../../core/personal-data/personal-data.types';

export type RunStatus = 'running' | 'erased' | 'verified' | 'residue';

/**
 * Progress of one erasure, so a crash resumes where it stopped. Its id is a keyed hash of the account
 * id, and the subject's identifiers are dropped once the residue sweep has verified the erasure.
 */
@Schema({ collection: 'erasure_runs', versionKey: false })
export class ErasureRunDoc {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, index: true })
  status: RunStatus;

  /** The person's identifiers while the erasure runs (needed after the account itself is gone) */
  @Prop({ type: Object })
  subject?: Subject;

  /** Why: retention purge, erasure request, under-13 removal ... */
  @Prop({ type: String, required: true })
  reason: string;

  @Prop({ type: [String], default: [] })
  completedModules: string[];

  @Prop({ type: [Object], default: [] })
  outcomes: ErasureOutcome[];

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
