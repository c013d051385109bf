import type { Account } from '../accounts/account.types';
import { Profile, PROFILE_FIELDS, ProfileValues } from './schemas/profile.schema';

/** The profile as GET /api/profile and the pages show it: every field present, absent ones null. */
export interface ProfileView {
  name: string | null;
  email: string | null;
  phone: string | null;
  company: { name: string | null; size: string | null; type: string | null };
  postalAddress: ProfileValues['postalAddress'] | null;
  billingAddress: ProfileValues['billingAddress'] | null;
  dateOfBirth: string | null;
  version: number;
  sources: Record<string, string>;
}

export function toProfileView(account: Account, profile: Profile | null): ProfileView {
  const sources: Record<string, string> = {};
  for (const f of PROFILE_FIELDS) {
    const s = profile?.provenance?.[f];
    if (s) sources[f] = s;
  }
  return {
    name: profile?.name ?? null,
    email: account.email ?? null,
    phone: profile?.phone ?? null,
    company: { name: profile?.company?.name ?? null, size: profile?.company?.size ?? null, type: profile?.company?.type ?? null },
    postalAddress: profile?.postalAddress ?? null,
    billingAddress: profile?.billingAddress ?? null,
    dateOfBirth: profile?.dateOfBirth ?? null,
    version: profile?.version ?? 0,
    sources,
  };
}
