import type { ProviderName } from '../schemas/identity.schema';

/** What a provider told us about the person, normalised across Google, Facebook and LinkedIn. */
export interface ProviderProfile {
  provider: ProviderName;
  subject: string;
  email?: string;
  /** True only when the provider asserts it (Google/LinkedIn `email_verified`); Facebook never does. */
  emailVerified: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
  /** When the provider last authenticated the person (ID token `auth_time`, seconds), when it says */
  authTime?: number;
  /** Facebook `age_range` ({ min?, max? }), when the provider gives it: an age signal for the minors rules */
  ageRange?: { min?: number; max?: number };
  /** Facebook `birthday` as given (`MM/DD/YYYY`, `MM/DD` or `YYYY`), when the person shares it */
  birthday?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** OpenID Connect userinfo claims (Google, LinkedIn). */
export function fromOidcClaims(provider: ProviderName, json: Record<string, unknown>): ProviderProfile {
  const subject = str(json.sub);
  if (!subject) throw new Error('userinfo has no sub claim');
  return {
    provider,
    subject,
    email: str(json.email)?.toLowerCase(),
    emailVerified: json.email_verified === true || json.email_verified === 'true',
    name: str(json.name),
    givenName: str(json.given_name),
    familyName: str(json.family_name),
  };
}

/** Facebook Graph API `/me` JSON. */
export function fromGraphProfile(json: Record<string, unknown>): ProviderProfile {
  const subject = str(json.id);
  if (!subject) throw new Error('Graph profile has no id');
  return {
    provider: 'facebook',
    subject,
    email: str(json.email)?.toLowerCase(),
    emailVerified: false,
    name: str(json.name),
    givenName: str(json.first_name),
    familyName: str(json.last_name),
    ...ageRangeOf(json.age_range),
    ...(str(json.birthday) ? { birthday: str(json.birthday) } : {}),
  };
}

const ageBound = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 200 ? v : undefined);

/** Graph's `age_range` object ({ min: 21 }, { min: 13, max: 17 }); anything else is ignored. */
function ageRangeOf(v: unknown): { ageRange?: { min?: number; max?: number } } {
  if (!v || typeof v !== 'object') return {};
  const { min, max } = v as Record<string, unknown>;
  const range = { ...(ageBound(min) !== undefined ? { min: ageBound(min) } : {}), ...(ageBound(max) !== undefined ? { max: ageBound(max) } : {}) };
  return Object.keys(range).length ? { ageRange: range } : {};
}
