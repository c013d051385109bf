import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import { AppConfig } from '../../../config/app-config';
import { Clock } from '../../../core/clock/clock';
import { PROVIDERS, ProviderName } from '../schemas/identity.schema';
import { FacebookStrategy } from './facebook.strategy';
import { GoogleStrategy } from './google.strategy';
import { LinkedInStrategy } from './linkedin.strategy';
import type { AuthorizeOptions } from './oidc-session';
import type { ProviderProfile } from './provider-profile';

export interface FlowResult {
  profile?: ProviderProfile;
  /** Why it failed, as passport reported it */
  error?: unknown;
  info?: { message?: string } | string;
}

/** The enabled sign-in providers (id and secret configured) and their passport strategies. */
@Injectable()
export class OAuthProviders {
  private readonly enabledNames: ProviderName[] = [];

  constructor(
    private readonly config: AppConfig,
    clock: Clock,
  ) {
    const callback = (p: ProviderName) => `${config.publicBaseUrl}/auth/${p}/callback`;
    const { google, facebook, linkedin } = config.providers;
    // Constructing a strategy registers it with passport under its name.
    if (google) new GoogleStrategy(google, callback('google'), clock);
    if (facebook) new FacebookStrategy(facebook, callback('facebook'));
    if (linkedin) new LinkedInStrategy(linkedin, callback('linkedin'), clock);
    this.enabledNames = PROVIDERS.filter((p) => !!config.providers[p]);
  }

  enabled(): ProviderName[] {
    return [...this.enabledNames];
  }

  isEnabled(name: string): name is ProviderName {
    return (this.enabledNames as string[]).includes(name);
  }

  /** Sends the browser to the provider (302 with client_id, redirect_uri, state, code_challenge, nonce; prompt=login and max_age=0 for a step-up). */
  redirectToProvider(provider: ProviderName, req: Request, res: Response, next: NextFunction, opts: AuthorizeOptions = {}): void {
    passport.authenticate(provider, { session: false, ...opts } as passport.AuthenticateOptions)(req, res, next);
  }

  /** Finishes the code flow: checks state, exchanges the code (with the PKCE verifier), loads the profile. */
  finish(provider: ProviderName, req: Request, res: Response): Promise<FlowResult> {
    return new Promise((resolve) => {
      passport.authenticate(provider, { session: false }, (error: unknown, profile: ProviderProfile | false, info: FlowResult['info']) => {
        resolve({ profile: profile || undefined, error: error ?? undefined, info });
      })(req, res, (err?: unknown) => resolve({ error: err }));
    });
  }
}
