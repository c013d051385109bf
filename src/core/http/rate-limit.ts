import { ExecutionContext, SetMetadata } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError } from '../errors/domain-error';
import type { RedisThrottlerStorage } from './redis-throttler.storage';

export const STRICT_RATE_LIMIT = 'rightsdesk:strict-rate-limit';
export const EMAIL_RATE_LIMIT = 'rightsdesk:email-rate-limit';

/** Puts a route (or controller) under the strict per-client limit (AUTH_RATE_LIMIT_PER_MINUTE): sign-in, intake. */
export const StrictRateLimit = () => SetMetadata(STRICT_RATE_LIMIT, true);

/**
 * Puts a route under the per-account limit of actions that send email to an address the caller typed
 * (EMAIL_RATE_LIMIT_PER_HOUR per signed-in account, whatever client or process it comes from).
 */
export const EmailRateLimit = () => SetMetadata(EMAIL_RATE_LIMIT, true);

export function hasStrictRateLimit(context: ExecutionContext): boolean {
  return [context.getHandler(), context.getClass()].some((t) => Reflect.getMetadata(STRICT_RATE_LIMIT, t) === true);
}

export function hasEmailRateLimit(context: ExecutionContext): boolean {
  return [context.getHandler(), context.getClass()].some((t) => Reflect.getMetadata(EMAIL_RATE_LIMIT, t) === true);
}

export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterS: number) {
    super('TOO_MANY_REQUESTS', 'Too many requests: wait a minute and try again.', 'too_many');
  }
}

/**
 * The per-client limit (RATE_LIMIT_PER_MINUTE) on every request, matched route or not (404s count),
 * before anything else runs; counters in Redis, so every API process shares one budget. Liveness and
 * readiness probes are not limited.
 */
export function clientRateLimit(storage: RedisThrottlerStorage, perMinute: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/health/')) return next();
    storage.increment(req.ip ?? 'unknown', 60_000, perMinute, 60_000, 'client').then(
      (r) => {
        res.setHeader('X-RateLimit-Limit', perMinute);
        res.setHeader('X-RateLimit-Remaining', Math.max(0, perMinute - r.totalHits));
        if (!r.isBlocked) return next();
        res.setHeader('Retry-After', String(r.timeToBlockExpire));
        next(new TooManyRequestsError(r.timeToBlockExpire));
      },
      (err) => next(err),
    );
  };
}
