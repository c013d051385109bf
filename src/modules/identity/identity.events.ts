import type { ProviderName } from './schemas/identity.schema';

/** Emitted (awaited) on every successful sign-in; the profile module seeds and syncs fields from it. */
export const PROVIDER_CLAIMS_EVENT = 'identity.provider-claims';
export interface ProviderClaimsEvent {
  accountId: string;
  provider: ProviderName;
  claims: { name?: string; givenName?: string; familyName?: string };
}

/** Emitted when someone asks a provider (Facebook's data deletion callback) to erase their data. */
export const ERASURE_REQUESTED_EVENT = 'identity.erasure-requested';
export interface ErasureRequestedEvent {
  accountId?: string;
  subjectId?: string;
  source: 'facebook';
  confirmationCode: string;
}

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
