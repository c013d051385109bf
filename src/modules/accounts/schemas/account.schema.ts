import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

import { ACCOUNT_STATUSES, AccountStatus, LOCALES, Locale, Principal, ROLES, Role } from '../../../core/auth/principal';

export { ACCOUNT_STATUSES, LOCALES, ROLES };
export type { AccountStatus, Locale, Role };

@Schema({ collection: 'accounts', timestamps: true, versionKey: false })
export class AccountDoc {
  /** Random, opaque id that logs, audit entries and job payloads use instead of personal data. */
  @Prop({ type: String, required: true, unique: true })
  subjectId: string;

  /** Primary email, lower-cased; absent when the provider gave none. */
  @Prop({ type: String, index: true })
  email?: string;

  @Prop({ type: Boolean, default: false })
  emailVerified: boolean;

  @Prop({ type: String, required: true, enum: ACCOUNT_STATUSES, default: 'active' })
  status: AccountStatus;

  @Prop({ type: [String], enum: ROLES, default: ['customer'] })
  roles: Role[];

  /** Taken from the browser's Accept-Language at sign-up; the person's choice once localeChosen. */
  @Prop({ type: String, enum: LOCALES, default: 'en' })
  locale: Locale;

  /** Chosen in My Profile (it sticks); false: the browser of the latest visit decides. */
  @Prop({ type: Boolean, default: false })
  localeChosen: boolean;

  @Prop({ type: Date })
  terminatedAt?: Date;

  /** When a terminated account's data is purged (terminatedAt + RETENTION_DAYS). */
  @Prop({ type: Date })
  purgeAfter?: Date;

  @Prop({ type: Date })
  suspendedAt?: Date;

  /** Last time the person proved who they are at a provider (re-authentication checks). */
  @Prop({ type: Date })
  lastAuthAt?: Date;

  /** Incremented by every change; guards concurrent edits. */
  @Prop({ type: Number, required: true, default: 0 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type AccountDocument = HydratedDocument<AccountDoc>;
export const AccountSchema = SchemaFactory.createForClass(AccountDoc);

/** An account as the rest of the application sees it (plain object). */
export interface Account extends Principal {
  id: string;
  subjectId: string;
  email?: string;
  emailVerified: boolean;
  status: AccountStatus;
  roles: Role[];
  locale: Locale;
  localeChosen: boolean;
  terminatedAt?: Date;
  purgeAfter?: Date;
  suspendedAt?: Date;
  lastAuthAt?: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toAccount(doc: AccountDoc & { _id: Types.ObjectId }): Account {
  const { _id, ...rest } = doc as AccountDoc & { _id: Types.ObjectId };
  // Accounts from before localeChosen existed: a language other than the old default was chosen.
  return { id: _id.toHexString(), ...rest, localeChosen: rest.localeChosen ?? rest.locale !== 'en' } as Account;
}
