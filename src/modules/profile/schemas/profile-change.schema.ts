import { Schema } from 'mongoose';
import type { ChangeSource } from './profile.schema';

/**
 * One entry of a profile's change history: when, which fields, by whom. Values are not copied here,
 * so the history holds no more personal data than the names of the fields.
 *
 * An entry for a change of the profile document also claims the version it creates: `claim` is
 * `<accountId>:v<version>` under a unique index, so of two writers racing from one version only one
 * can claim the next. This holds on MongoDB and on FerretDB alike (FerretDB 1.24 does not apply a
 * conditional update atomically; a unique index it does enforce).
 */
export interface ProfileChange {
  id: string;
  accountId: string;
  at: Date;
  fields: string[];
  source: ChangeSource;
  /** The profile version this change created (absent for changes outside the profile document, e.g. email) */
  version?: number;
  /** Subject id of the agent, for source 'agent' */
  actor?: string;
}

export const PROFILE_CHANGE_MODEL = 'ProfileChange';
export const ProfileChangeSchema = new Schema(
  {
    accountId: { type: String, required: true, index: true },
    at: { type: Date, required: true },
    fields: { type: [String], required: true },
    source: { type: String, required: true },
    version: Number,
    actor: String,
    claim: { type: String, required: true, unique: true },
    /** Claimed but not yet applied to the profile (hidden from the history until it is) */
    pending: Boolean,
  },
  { collection: 'profile_changes', versionKey: false },
);
