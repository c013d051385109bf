import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A published version of the privacy policy. */
@Schema({ collection: 'policy_versions', versionKey: false })
export class PolicyVersionDoc {
  @Prop({ type: String, required: true, unique: true })
  version: string;

  @Prop({ type: Date, required: true })
  effectiveAt: Date;

  /** A material change is emailed to every active account before it takes effect */
  @Prop({ type: Boolean, required: true })
  material: boolean;

  @Prop({ type: String, required: true })
  summary: string;

  @Prop({ type: Date, required: true })
  publishedAt: Date;
}
export const PolicyVersionSchema = SchemaFactory.createForClass(PolicyVersionDoc);

/** That an account acknowledged a material policy change (the banner goes away). */
@Schema({ collection: 'policy_acknowledgements', versionKey: false })
export class PolicyAcknowledgementDoc {
  @Prop({ type: String, required: true })
  accountId: string;

  @Prop({ type: String, required: true })
  version: string;

  @Prop({ type: Date, required: true })
  at: Date;
}
export const PolicyAcknowledgementSchema = SchemaFactory.createForClass(PolicyAcknowledgementDoc);
PolicyAcknowledgementSchema.index({ accountId: 1, version: 1 }, { unique: true });
