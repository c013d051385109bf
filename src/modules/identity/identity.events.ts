import type { ProviderName } from './schemas/identity.schema';

/** Emitted (awaited) on every successful sign-in; the profile module seeds and syncs fields from it. */
export const PROVIDER_CLAIMS_EVENT = 'identity.provider-claims';
export interface ProviderClaimsEvent {
  accountId: string;
  provider: ProviderName;
  claims: { name?: string; givenName?: string; familyName?: string };
}

/** Facebook's data deletion callback asks the erasure module through its event. */
export { ERASURE_REQUESTED_EVENT } from '../erasure/erasure.events';
export type { ErasureRequestedEvent } from '../erasure/erasure.events';

/**
 * Emitted (awaited) when a provider asked us to delete the data it gave (Facebook's data deletion
 * callback) and the account stays; listeners remove what came from that provider and answer which fields.
 */
export const PROVIDER_DATA_REMOVAL_EVENT = 'identity.provider-data-removal';
export interface ProviderDataRemovalEvent {
  accountId: string;
  provider: ProviderName;
  /** listeners push what they removed, e.g. 'profile.name' */
  removed: string[];
}

/**
 * Emitted (awaited; a failing listener fails the sign-in) before a provider identity signs in or is
 * linked: a listener that knows the person must not come back (a child's re-registration block) sets
 * `refused`, and the person sees the same neutral page as for any blocked account. Identity knows no
 * listener; in-process only, never logged.
 */
export const SIGN_IN_SCREEN_EVENT = 'identity.sign-in-screen';
export interface SignInScreenEvent {
  provider: ProviderName;
  subject: string;
  email?: string;
  refused: boolean;
}

/**
 * Emitted (awaited; a failing listener fails the sign-in) once a sign-in resolved its account and before
 * the session starts: `firstSignIn` when the account was made by it, the provider's age signals when it
 * gave any. A listener that removes the account (a child) sets `refused`: no session is made.
 */
export const SIGNED_IN_EVENT = 'identity.signed-in';
export interface SignedInEvent {
  accountId: string;
  subjectId: string;
  provider: ProviderName;
  firstSignIn: boolean;
  ageRange?: { min?: number; max?: number };
  birthday?: string;
  refused: boolean;
}
