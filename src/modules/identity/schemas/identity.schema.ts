import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

export const PROVIDERS = ['google', 'facebook', 'linkedin'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** A way into an account: one provider's subject, linked to one account. */
@Schema({ collection: 'identities', versionKey: false })
export class IdentityDoc {
  @Prop({ type: String, required: true, enum: PROVIDERS })
  provider: ProviderName;

  /** The provider's stable user id (OIDC `sub`, Graph `id`) */
  @Prop({ type: String, required: true })
  providerSubject: string;

  @Prop({ type: String, required: true, index: true })
  accountId: string;

  /** Email the provider reported at the last sign-in, lower-cased (indexed: residue verification looks addresses up) */
  @Prop({ type: String, index: true })
  email?: string;

  @Prop({ type: Boolean, default: false })
  emailVerified: boolean;

  @Prop({ type: Date, required: true })
  linkedAt: Date;

  @Prop({ type: Date })
  lastSignInAt?: Date;
}

export const IdentitySchema = SchemaFactory.createForClass(IdentityDoc);
// One provider identity belongs to exactly one account: concurrent first sign-ins race on this index.
IdentitySchema.index({ provider: 1, providerSubject: 1 }, { unique: true });
// Residue verification looks provider ids up without the provider.
IdentitySchema.index({ providerSubject: 1 });

export interface Identity {
  id: string;
  provider: ProviderName;
  providerSubject: string;
  accountId: string;
  email?: string;
  emailVerified: boolean;
  linkedAt: Date;
  lastSignInAt?: Date;
}

export function toIdentity(doc: IdentityDoc & { _id: Types.ObjectId }): Identity {
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
