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
