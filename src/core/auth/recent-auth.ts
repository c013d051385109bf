import { DomainError } from '../errors/domain-error';

/** Linking, unlinking, email change, closing the account and role changes need a step-up at most this old. */
export const REAUTH_MAX_AGE_MS = 5 * 60 * 1000;

/** Where a person is sent to re-authenticate; the identity module answers it with their usual provider. */
export function reauthPath(next = '/profile'): string {
  return `/auth/reauth?next=${encodeURIComponent(next)}`;
}

/** True when the session holds a step-up sign-in (req.session.reauthAt) younger than REAUTH_MAX_AGE_MS. */
export function hasRecentAuth(session: { reauthAt?: number } | undefined, nowMs: number): boolean {
  const at = session?.reauthAt;
  return typeof at === 'number' && at <= nowMs && nowMs - at <= REAUTH_MAX_AGE_MS;
}

/** 401 REAUTH_REQUIRED: the change needs a sign-in made for it within the last few minutes. */
export class ReauthRequiredError extends DomainError {
  readonly maxAgeMinutes = REAUTH_MAX_AGE_MS / 60_000;

  constructor(readonly reauthUrl: string = reauthPath()) {
    super(
      'REAUTH_REQUIRED',
      `This needs a recent sign-in (within ${REAUTH_MAX_AGE_MS / 60_000} minutes) made for it. Sign in again at ${reauthUrl} and retry.`,
      'unauthenticated',
    );
  }
}
