import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One entry per pending purge, written at termination and removed on cancel or purge. The scheduled
 * scan reads only this small collection, so its cost follows pending terminations, not all accounts.
 */
@Schema({ collection: 'purge_schedule', versionKey: false })
export class PurgeScheduleDoc {
  /** the account id */
  @Prop({ type: String, required: true })
  _id: string;

  /** Indexed: the per-batch residue verification looks erased people up by it */
  @Prop({ type: String, required: true, index: true })
  subjectId: string;

  @Prop({ type: Date, required: true, index: true })
  dueAt: Date;

  /** When the "3 days left" reminder goes out */
  /** Indexed: the hourly scan reads the entries whose reminder (and so purge) is due */
  @Prop({ type: Date, required: true, index: true })
  remindAt: Date;

  @Prop({ type: Boolean, default: false })
  reminded: boolean;
}
export const PurgeScheduleSchema = SchemaFactory.createForClass(PurgeScheduleDoc);
