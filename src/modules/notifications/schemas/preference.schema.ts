import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A customer's marketing consent (service and legal mail need none). */
@Schema({ collection: 'notification_preferences', versionKey: false })
export class PreferenceDoc {
  @Prop({ type: String, required: true, unique: true })
  accountId: string;

  @Prop({ type: Boolean, required: true })
  marketing: boolean;

  @Prop({ type: Date, required: true })
  updatedAt: Date;
}
export const PreferenceSchema = SchemaFactory.createForClass(PreferenceDoc);
