import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AccountStatus, Principal, Role } from './principal';
import './session.types';

export const IS_PUBLIC = 'rightsdesk:public';
/** The route needs no signed-in account (the guard still resolves one when there is a session). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ROLES_KEY = 'rightsdesk:roles';
/** Only accounts holding one of these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const ALLOW_STATUS_KEY = 'rightsdesk:allow-status';
/** Besides active accounts, accounts in these statuses may call the route (e.g. cancel a termination). */
export const AllowStatus = (...statuses: AccountStatus[]) => SetMetadata(ALLOW_STATUS_KEY, statuses);

export const RECENT_AUTH_KEY = 'rightsdesk:recent-auth';
/**
 * The route changes how the account is secured (linking, unlinking, email, closing, roles): it needs a
 * sign-in made for it within REAUTH_MAX_AGE_MS (401 REAUTH_REQUIRED otherwise, naming where to sign in).
 */
export const RecentAuth = () => SetMetadata(RECENT_AUTH_KEY, true);

export interface AuthenticatedOptions {
  /** Any one of these roles is needed (none: any signed-in account). */
  roles?: Role[];
  /** Statuses allowed besides `active`. */
  allowStatus?: AccountStatus[];
  /** Needs a step-up sign-in within the last few minutes (see RecentAuth). */
  recentAuth?: boolean;
}

/**
 * A signed-in route, in one decorator: roles, statuses, and the OpenAPI security annotations
 * (cookie session; 401 when not signed in, 403 when the role or status does not allow it).
 */
export function Authenticated(opts: AuthenticatedOptions = {}) {
  const decorators = [ApiCookieAuth('session'), ApiUnauthorizedResponse({ description: 'Not signed in (UNAUTHENTICATED)' })];
  if (opts.roles?.length)
    decorators.push(Roles(...opts.roles), ApiForbiddenResponse({ description: `Needs the ${opts.roles.join(' or ')} role (ROLE_REQUIRED)` }));
  if (opts.allowStatus) decorators.push(AllowStatus(...opts.allowStatus));
  if (opts.recentAuth)
    decorators.push(
      RecentAuth(),
      ApiUnauthorizedResponse({ description: 'Not signed in (UNAUTHENTICATED), or no sign-in made for this within 5 minutes (REAUTH_REQUIRED)' }),
    );
  return applyDecorators(...decorators);
}

/** The signed-in account (routes behind AuthGuard). */
export const CurrentAccount = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<Request>().account!;
});
