import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { InternalOAuthError } from 'passport-oauth2';
import type { Strategy as OAuth2Strategy } from 'passport-oauth2';
import type { OAuthProviderConfig } from '../../../config/app-config';
import type { Clock } from '../../../core/clock/clock';
import { IdTokenVerifier } from './id-token.verifier';
import { attemptNonce, AuthorizeOptions } from './oidc-session';
import { fromOidcClaims, ProviderProfile } from './provider-profile';

// passport-linkedin-oauth2 ships no types; it is an OAuth2Strategy
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Strategy } = require('passport-linkedin-oauth2') as { Strategy: typeof OAuth2Strategy };

interface OAuth2Client {
  useAuthorizationHeaderforGET(use: boolean): void;
  setAccessTokenName(name: string): void;
  get(url: string, token: string, cb: (err: unknown, body?: string | Buffer) => void): void;
}

/**
 * LinkedIn sign-in with OpenID Connect (`openid profile email`), state, PKCE and a nonce; the ID token
 * is validated against LinkedIn's JWKS. The profile comes from the userinfo endpoint.
 */
export class LinkedInStrategy extends PassportStrategy(Strategy, 'linkedin', 6) {
  private readonly userinfoUrl: string;
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
      callbackURL,
      scope: ['openid', 'profile', 'email'],
      state: true,
      pkce: true,
      sessionKey: 'oauth:linkedin',
      passReqToCallback: true,
    } as unknown as ConstructorParameters<typeof OAuth2Strategy>[0]);
    this.userinfoUrl = cfg.profileUrl;
    this.idTokens = new IdTokenVerifier(cfg);
  }

  authorizationParams(options: AuthorizeOptions): Record<string, string> {
    const params: Record<string, string> = {};
    if (options.nonce) params.nonce = options.nonce;
    if (options.reauth) Object.assign(params, { prompt: 'login', max_age: '0' });
    return params;
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

  async validate(
    req: Request,
    _accessToken: string,
    _refreshToken: string,
    params: Record<string, unknown>,
    profile: { _json: Record<string, unknown> },
  ): Promise<ProviderProfile> {
    const claims = fromOidcClaims('linkedin', profile._json);
    const token = await this.idTokens.verify(params.id_token, { nonce: attemptNonce(req), subject: claims.subject, now: this.clock.now() });
    return { ...claims, authTime: typeof token.auth_time === 'number' ? token.auth_time : undefined };
  }
}
