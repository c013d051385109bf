import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-error';
import { Clock } from '../clock/clock';
import { ALLOW_STATUS_KEY, IS_PUBLIC, RECENT_AUTH_KEY, ROLES_KEY } from './auth.decorators';
import { hasRecentAuth, ReauthRequiredError } from './recent-auth';
import { AccountStatus, PrincipalLoader, Role } from './principal';
import './session.types';

/**
 * Global guard: every route needs a signed-in account unless marked @Public(). The account is reloaded
 * on every request, so suspending, terminating or erasing it ends its sessions on their next request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalLoader,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const accountId = req.session?.accountId;
    const account = accountId ? await this.principals.findPrincipal(accountId) : null;
    const allowed = new Set<AccountStatus>(['active', ...(this.reflector.getAllAndOverride<AccountStatus[]>(ALLOW_STATUS_KEY, targets) ?? [])]);
    if (account && allowed.has(account.status)) req.account = account;
    else if (account && account.status !== 'terminated' && req.session) {
      // suspended or erased: the session is over; the request goes on with a fresh, empty one
      // (a public route such as the sign-in start may still need somewhere to keep its state)
      await new Promise<void>((r) => req.session.regenerate(() => r()));
    }
    if (isPublic) return true;
    if (!req.account) {
      if (account?.status === 'terminated')
        throw new ForbiddenError('ACCOUNT_TERMINATED', 'This account is closed. You can only cancel the closing during the grace period.');
      throw new UnauthenticatedError();
    }
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((r) => req.account!.roles.includes(r))) {
      throw new ForbiddenError('ROLE_REQUIRED', `This needs the ${roles.join(' or ')} role.`);
    }
    if (this.reflector.getAllAndOverride<boolean>(RECENT_AUTH_KEY, targets) && !hasRecentAuth(req.session, this.clock.now().getTime())) {
      throw new ReauthRequiredError();
    }
    return true;
  }
}
