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
