import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/** A legal hold postpones a purge (litigation, an authority's order), set and lifted by staff. */
@Schema({ collection: 'legal_holds', versionKey: false })
export class LegalHoldDoc {
  @Prop({ type: String, required: true, index: true })
  subjectId: string;

  @Prop({ type: String, required: true })
  reason: string;

  @Prop({ type: Date })
  until?: Date;

  @Prop({ type: String, required: true })
  createdBy: string;

  @Prop({ type: Date, required: true })
  createdAt: Date;

  @Prop({ type: Date })
  liftedAt?: Date;

  @Prop({ type: String })
  liftedBy?: string;
}
export const LegalHoldSchema = SchemaFactory.createForClass(LegalHoldDoc);
export type LegalHold = LegalHoldDoc & { id: string };
export const toLegalHold = ({ _id, ...d }: LegalHoldDoc & { _id: Types.ObjectId }): LegalHold => ({ id: _id.toHexString(), ...d });
