import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Profile, Strategy } from 'passport-google-oauth20';
import type { OAuthProviderConfig } from '../../../config/app-config';
import type { Clock } from '../../../core/clock/clock';
import { IdTokenVerifier } from './id-token.verifier';
import { attemptNonce, AuthorizeOptions } from './oidc-session';
import { fromOidcClaims, ProviderProfile } from './provider-profile';

/**
 * Google sign-in: authorization code with state, PKCE (S256) and a nonce; claims from the OIDC userinfo
 * endpoint, and the ID token validated (signature against Google's JWKS, issuer, audience, expiry, nonce).
 */
export class GoogleStrategy extends PassportStrategy(Strategy, 'google', 6) {
  private readonly idTokens: IdTokenVerifier;

  constructor(
    cfg: OAuthProviderConfig,
    callbackURL: string,
    private readonly clock: Clock,
  ) {
    super({
      clientID: cfg.clientId,
      clientSecret: cfg.clientSecret,
      authorizationURL: cfg.authorizationUrl,
      tokenURL: cfg.tokenUrl,
      userProfileURL: cfg.profileUrl,
      callbackURL,
      scope: ['openid', 'email', 'profile'],
      state: true,
      pkce: true,
      sessionKey: 'oauth:google',
      passReqToCallback: true,
    } as ConstructorParameters<typeof Strategy>[0]);
    this.idTokens = new IdTokenVerifier(cfg);
  }

  authorizationParams(options: AuthorizeOptions): Record<string, string> {
    const params = (Strategy.prototype as unknown as { authorizationParams(o: object): Record<string, string> }).authorizationParams.call(this, {});
    if (options.nonce) params.nonce = options.nonce;
    // Google documents prompt=none|consent|select_account only (an unknown value is an error), but honours
    // the OpenID Connect max_age and then reports auth_time, which the step-up checks.
    if (options.reauth) params.max_age = '0';
    return params;
  }

  async validate(req: Request, _accessToken: string, _refreshToken: string, params: Record<string, unknown>, profile: Profile): Promise<ProviderProfile> {
    const claims = fromOidcClaims('google', profile._json as unknown as Record<string, unknown>);
    const token = await this.idTokens.verify(params.id_token, { nonce: attemptNonce(req), subject: claims.subject, now: this.clock.now() });
    return { ...claims, authTime: typeof token.auth_time === 'number' ? token.auth_time : undefined };
  }
}
