import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '../../core/errors/domain-error';
import type { ProviderName } from './schemas/identity.schema';

export type SignInErrorCode =
  | 'CONSENT_DENIED'
  | 'STATE_MISMATCH'
  | 'CODE_EXCHANGE_FAILED'
  | 'PROVIDER_ERROR'
  | 'ID_TOKEN_INVALID'
  | 'ACCOUNT_EXISTS'
  | 'ACCOUNT_BLOCKED'
  | 'IDENTITY_IN_USE'
  | 'REAUTH_REQUIRED'
  | 'REAUTH_OTHER_ACCOUNT'
  | 'REAUTH_NOT_FRESH'
  | 'SIGN_IN_FAILED';

/** Why a sign-in ended on an error page. Codes are shown to the person and logged; no tokens. */
export class SignInError extends DomainError {
  constructor(code: SignInErrorCode, kind: 'invalid' | 'forbidden' | 'conflict' = 'invalid') {
    super(code, code, kind);
  }
}

export class ProviderNotEnabledError extends NotFoundError {
  constructor() {
    super('PROVIDER_NOT_ENABLED', 'That sign-in provider is not enabled here.');
  }
}

export class LastIdentityError extends ConflictError {
  constructor() {
    super('LAST_SIGN_IN_METHOD', 'This is your only way to sign in, so it cannot be unlinked. Link another provider first.');
  }
}

export class IdentityNotLinkedError extends NotFoundError {
  constructor() {
    super('IDENTITY_NOT_LINKED', 'That provider is not linked to your account.');
  }
}

export class InvalidSignedRequestError extends InvalidInputError {
  constructor() {
    super('INVALID_SIGNED_REQUEST', 'signed_request is missing, malformed or not signed by this app.', [
      { field: 'signed_request', message: 'must be a valid signed request' },
    ]);
  }
}

export class StaleSignedRequestError extends InvalidInputError {
  constructor() {
    super('SIGNED_REQUEST_STALE', 'signed_request was issued too long ago (or in the future); Meta sends a fresh one.', [
      { field: 'signed_request', message: 'issued_at is outside the accepted window' },
    ]);
  }
}

export class BlockedAccountError extends ForbiddenError {
  constructor() {
    super('ACCOUNT_BLOCKED', 'This account is blocked.');
  }
}

/**
 * A first sign-in met an account that already holds this address (verified): nothing is linked. The
 * person may prove they own that account by signing in with one of its methods; then the new
 * identity is linked (Keycloak's "account already exists" step).
 */
export class AccountExistsError extends SignInError {
  constructor(
    readonly accountId: string,
    readonly providers: ProviderName[],
  ) {
    super('ACCOUNT_EXISTS', 'conflict');
  }
}

/** An ID token failed validation (signature, issuer, audience, expiry, nonce or subject). */
export class IdTokenError extends Error {
  constructor(reason: string) {
    super(`ID token rejected: ${reason}`);
    this.name = 'IdTokenError';
  }
}
