import { PassportStrategy } from '@nestjs/passport';
import { InternalOAuthError } from 'passport-oauth2';
import type { OAuthProviderConfig } from '../../../config/app-config';
import { fromOidcClaims, ProviderProfile } from './provider-profile';

// passport-linkedin-oauth2 ships no types
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Strategy } = require('passport-linkedin-oauth2') as { Strategy: new (...args: unknown[]) => { _oauth2: OAuth2Client } };

interface OAuth2Client {
  useAuthorizationHeaderforGET(use: boolean): void;
  setAccessTokenName(name: string): void;
  get(url: string, token: string, cb: (err: unknown, body?: string | Buffer) => void): void;
}

/**
 * LinkedIn sign-in with OpenID Connect (`openid profile email`), state and PKCE. The package's own
 * profile call uses an API LinkedIn retired, so the profile comes from the userinfo endpoint instead.
 */
export class LinkedInStrategy extends PassportStrategy(Strategy, 'linkedin') {
  private readonly userinfoUrl: string;

  constructor(cfg: OAuthProviderConfig, callbackURL: string) {
    super({
      clientID: cfg.clientId,
      clientSecret: cfg.clientSecret,
      authorizationURL: cfg.authorizationUrl,
      tokenURL: cfg.tokenUrl,
      callbackURL,
      scope: ['openid', 'profile', 'email'],
      state: true,
      pkce: true,
      sessionKey: 'oauth:linkedin',
    });
    this.userinfoUrl = cfg.profileUrl;
  }

  userProfile(accessToken: string, done: (err: unknown, profile?: unknown) => void): void {
    const oauth2 = (this as unknown as { _oauth2: OAuth2Client })._oauth2;
    oauth2.setAccessTokenName('access_token');
    oauth2.useAuthorizationHeaderforGET(true);
    oauth2.get(this.userinfoUrl, accessToken, (err, body) => {
      if (err) return done(new InternalOAuthError('failed to fetch the LinkedIn userinfo', err));
      try {
        const json = JSON.parse(String(body)) as Record<string, unknown>;
        done(null, { provider: 'linkedin', id: json.sub, _json: json });
      } catch (e) {
        done(new InternalOAuthError('failed to parse the LinkedIn userinfo', e));
      }
    });
  }

  validate(_accessToken: string, _refreshToken: string, profile: { _json: Record<string, unknown> }): ProviderProfile {
    return fromOidcClaims('linkedin', profile._json);
  }
}
