import { ExecutionContext, SetMetadata } from '@nestjs/common';

export const STRICT_RATE_LIMIT = 'rightsdesk:strict-rate-limit';

/** Puts a route (or controller) under the strict per-client limit (AUTH_RATE_LIMIT_PER_MINUTE): sign-in, intake. */
export const StrictRateLimit = () => SetMetadata(STRICT_RATE_LIMIT, true);

export function hasStrictRateLimit(context: ExecutionContext): boolean {
  return [context.getHandler(), context.getClass()].some((t) => Reflect.getMetadata(STRICT_RATE_LIMIT, t) === true);
}
