import type { ChangeSource } from './schemas/profile.schema';

/**
 * Emitted after a change of the profile or the account's own fields (email, locale, marketing consent)
 * is saved (no values, only field names): the minors module looks at a new date of birth, the
 * transfers module tells recipients of a correction (GDPR Art. 19).
 */
export const PROFILE_CHANGED = 'profile.changed';
export interface ProfileChangedEvent {
  accountId: string;
  fields: string[];
  source: ChangeSource;
}
