import type { ChangeSource } from './schemas/profile.schema';

/**
 * Emitted after a profile change is saved (no values, only field names), e.g. for the minors module
 * to look at a new date of birth.
 */
export const PROFILE_CHANGED = 'profile.changed';
export interface ProfileChangedEvent {
  accountId: string;
  fields: string[];
  source: ChangeSource;
}
