import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ErasureOutcome } from '../../../core/personal-data/personal-data.types';

/**
 * One module's part of an erasure batch, written once the module has erased the batch: what it did
 * for each run (counts, and identifiers it found). A batch that stops resumes after its last step.
 * Written once (insert-only); deleted when the residue sweep has verified every run of the batch.
 */
@Schema({ collection: 'erasure_steps', versionKey: false })
export class ErasureStepDoc {
  /** <batch>:<module>:<n> */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, index: true })
  batch: string;

  @Prop({ type: String, required: true })
  module: string;

  /** The runs this step covers, in the order of `outcomes` */
  @Prop({ type: [String], required: true })
  runs: string[];

  @Prop({ type: [Object], required: true })
  outcomes: ErasureOutcome[];

  @Prop({ type: Date, required: true })
  at: Date;
}

export const ErasureStepSchema = SchemaFactory.createForClass(ErasureStepDoc);
