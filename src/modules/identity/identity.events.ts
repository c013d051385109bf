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
