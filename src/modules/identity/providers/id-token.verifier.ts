import { createRemoteJWKSet, errors as joseErrors, jwtVerify, JWTPayload } from 'jose';
import type { OAuthProviderConfig } from '../../../config/app-config';
import { IdTokenError } from '../identity.errors';

/** Google's tokens name their issuer with or without the scheme. */
const ISSUER_ALIASES: Record<string, string[]> = { 'https://accounts.google.com': ['https://accounts.google.com', 'accounts.google.com'] };

/** Allowed clock difference between us and the provider for exp / iat / nbf. */
const CLOCK_TOLERANCE_S = 60;

export interface IdTokenExpectation {
  nonce: string | undefined;
  /** The userinfo `sub`: the token must be about the same person */
  subject: string;
  now: Date;
}

/**
 * Validates an OpenID Connect ID token: signature against the provider's JWKS (fetched and cached by
 * jose), issuer, audience (our client id), expiry, nonce of this attempt, and subject.
 */
export class IdTokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly issuers: string[];

  constructor(private readonly cfg: OAuthProviderConfig) {
    if (!cfg.jwksUrl || !cfg.issuer) throw new Error('an OpenID Connect provider needs a JWKS URL and an issuer');
    this.jwks = createRemoteJWKSet(new URL(cfg.jwksUrl), { timeoutDuration: 5000 });
    this.issuers = ISSUER_ALIASES[cfg.issuer] ?? [cfg.issuer];
  }

  async verify(idToken: unknown, expect: IdTokenExpectation): Promise<JWTPayload> {
    if (typeof idToken !== 'string' || !idToken) throw new IdTokenError('the token response has no id_token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.jwks, {
        issuer: this.issuers,
        audience: this.cfg.clientId,
        currentDate: expect.now,
        clockTolerance: CLOCK_TOLERANCE_S,
        algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'],
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) throw new IdTokenError(err.code);
      throw new IdTokenError('could not be verified');
    }
    if (!expect.nonce || payload.nonce !== expect.nonce) throw new IdTokenError('nonce mismatch');
    if (payload.sub !== expect.subject) throw new IdTokenError('subject differs from userinfo');
    return payload;
  }
}
