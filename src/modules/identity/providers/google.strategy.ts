import { PassportStrategy } from '@nestjs/passport';
import { Profile, Strategy } from 'passport-google-oauth20';
import type { OAuthProviderConfig } from '../../../config/app-config';
import { fromOidcClaims, ProviderProfile } from './provider-profile';

/** Google sign-in: authorization code with state and PKCE (S256); claims from the OIDC userinfo endpoint. */
export class GoogleStrategy extends PassportStrategy(Strategy, 'google') {
  constructor(cfg: OAuthProviderConfig, callbackURL: string) {
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
    });
  }

  validate(_accessToken: string, _refreshToken: string, profile: Profile): ProviderProfile {
    return fromOidcClaims('google', profile._json as unknown as Record<string, unknown>);
  }
}
