import { PassportStrategy } from '@nestjs/passport';
import { Profile, Strategy } from 'passport-facebook';
import type { OAuthProviderConfig } from '../../../config/app-config';
import { fromGraphProfile, ProviderProfile } from './provider-profile';

/**
 * Facebook Login: authorization code with state; every Graph call carries appsecret_proof. The Graph
 * API version is part of the configured URLs (FACEBOOK_*_URL, v21.0 by default).
 */
export class FacebookStrategy extends PassportStrategy(Strategy, 'facebook') {
  constructor(cfg: OAuthProviderConfig, callbackURL: string) {
    super({
      clientID: cfg.clientId,
      clientSecret: cfg.clientSecret,
      authorizationURL: cfg.authorizationUrl,
      tokenURL: cfg.tokenUrl,
      profileURL: cfg.profileUrl,
      callbackURL,
      scope: ['email'],
      // id, name, email, age_range and birthday (the last two only when the app has access to them)
      profileFields: ['id', 'displayName', 'emails', 'age_range', 'birthday'],
      enableProof: true,
      state: true,
      sessionKey: 'oauth:facebook',
    } as ConstructorParameters<typeof Strategy>[0]);
  }

  /** A step-up sign-in asks Facebook to re-authenticate the person (auth_type=reauthenticate). */
  authorizationParams(options: object): Record<string, string> {
    const params = (Strategy.prototype as unknown as { authorizationParams(o: object): Record<string, string> }).authorizationParams.call(this, {});
    if ((options as { reauth?: boolean }).reauth) params.auth_type = 'reauthenticate';
    return params;
  }

  validate(_accessToken: string, _refreshToken: string, profile: Profile): ProviderProfile {
    return fromGraphProfile(profile._json as Record<string, unknown>);
  }
}
