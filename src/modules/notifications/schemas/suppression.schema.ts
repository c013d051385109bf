import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * An address that must never get marketing mail again, as a keyed hash (HMAC with HASH_SECRET): it
 * survives the erasure of the person without keeping their address.
 */
@Schema({ collection: 'suppressions', versionKey: false })
export class SuppressionDoc {
  @Prop({ type: String, required: true, unique: true })
  emailHash: string;

  @Prop({ type: String, required: true })
  reason: 'unsubscribed' | 'erased';

  @Prop({ type: Date, required: true })
  createdAt: Date;
}
export const SuppressionSchema = SchemaFactory.createForClass(SuppressionDoc);
