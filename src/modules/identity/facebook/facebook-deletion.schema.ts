import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A deletion request Meta forwarded for a Facebook user (Facebook's data deletion callback). */
@Schema({ collection: 'facebook_deletion_requests', versionKey: false })
export class FacebookDeletionDoc {
  @Prop({ type: String, required: true, unique: true })
  confirmationCode: string;

  /** Keyed hash (HASH_SECRET) of the Facebook user id: proves the request without keeping the id */
  @Prop({ type: String, required: true, index: true })
  facebookUserHash: string;

  /** The account it concerns, while that account exists */
  @Prop({ type: String, index: true })
  accountId?: string;

  @Prop({ type: String, required: true })
  status: 'received' | 'no-data';

  @Prop({ type: Date, required: true })
  receivedAt: Date;
}

export const FacebookDeletionSchema = SchemaFactory.createForClass(FacebookDeletionDoc);
