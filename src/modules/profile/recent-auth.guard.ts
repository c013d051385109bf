import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { Clock } from '../../core/clock/clock';
import { IdentityService } from '../identity/identity.service';
import { OAuthProviders } from '../identity/identity.types';
import { ReauthRequiredError } from './profile.errors';

/** Email change and closing the account need a sign-in at most this old. */
export const REAUTH_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * Refuses with REAUTH_REQUIRED (401) when the session's last sign-in (req.session.authAt, set by
 * identity at every sign-in) is older than five minutes. The error names where to sign in again: the
 * provider the person used last (`/auth/<provider>?reauth=1&next=/profile`), else the sign-in page.
 */
@Injectable()
export class RecentAuthGuard implements CanActivate {
  constructor(
    private readonly clock: Clock,
    private readonly identity: IdentityService,
    private readonly providers: OAuthProviders,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const authAt = req.session?.authAt;
    if (typeof authAt === 'number' && this.clock.now().getTime() - authAt <= REAUTH_MAX_AGE_MS) return true;
    throw new ReauthRequiredError(REAUTH_MAX_AGE_MS / 60_000, await this.reauthUrl(req));
  }

  private async reauthUrl(req: Request): Promise<string> {
    const q = `reauth=1&next=${encodeURIComponent('/profile')}`;
    const linked = req.account ? await this.identity.list(req.account.id) : [];
    const last = linked
      .filter((i) => this.providers.isEnabled(i.provider))
      .sort((a, b) => (b.lastSignInAt?.getTime() ?? 0) - (a.lastSignInAt?.getTime() ?? 0))[0];
    return last ? `/auth/${last.provider}?${q}` : `/signin?${q}`;
  }
}

/** The route needs a sign-in within the last five minutes. */
export const RequireRecentAuth = () => applyDecorators(UseGuards(RecentAuthGuard));
