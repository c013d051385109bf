import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Account, AccountStatus, Role } from '../../accounts/schemas/account.schema';

export const ROLES_KEY = 'rightsdesk:roles';
/** Only accounts holding one of these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const ALLOW_STATUS_KEY = 'rightsdesk:allow-status';
/** Besides active accounts, accounts in these statuses may call the route (e.g. cancel a termination). */
export const AllowStatus = (...statuses: AccountStatus[]) => SetMetadata(ALLOW_STATUS_KEY, statuses);

/** The signed-in account (routes behind AuthGuard). */
export const CurrentAccount = createParamDecorator((_: unknown, ctx: ExecutionContext): Account => {
  return ctx.switchToHttp().getRequest<Request>().account!;
});
