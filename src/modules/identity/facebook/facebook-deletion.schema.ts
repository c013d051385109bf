import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A deletion request Meta forwarded for a Facebook user (Facebook's data deletion callback). */
@Schema({ collection: 'facebook_deletion_requests', versionKey: false })
export class FacebookDeletionDoc {
  /**
   * Derived from a keyed hash (HASH_SECRET) of the whole signed request, so its unique index honours
   * each signed request once: a replay finds the first answer and changes nothing.
   */
  @Prop({ type: String, required: true, unique: true })
  confirmationCode: string;

  /** Keyed hash (HASH_SECRET) of the Facebook user id: proves the request without keeping the id */
  @Prop({ type: String, required: true, index: true })
  facebookUserHash: string;

  /** The account it concerns, while that account exists */
  @Prop({ type: String, index: true })
  accountId?: string;

  /**
   * received: the whole account is being erased (Facebook was its last way in); identity-removed: the
   * Facebook sign-in and what came from Facebook were removed, the account stays; no-data: nothing held.
   */
  @Prop({ type: String, required: true })
  status: 'received' | 'identity-removed' | 'no-data';

  /** What was removed when the account stays (e.g. identity.facebook, profile.name) */
  @Prop({ type: [String], default: undefined })
  removed?: string[];

  @Prop({ type: Date, required: true })
  receivedAt: Date;
}

export const FacebookDeletionSchema = SchemaFactory.createForClass(FacebookDeletionDoc);
