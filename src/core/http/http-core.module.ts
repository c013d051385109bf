import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { hasEmailRateLimit, hasStrictRateLimit } from './rate-limit';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import type { Request } from 'express';
import { CsrfService } from './csrf.service';
import { OriginGuard } from './origin.guard';

/**
 * Cross-cutting HTTP protection: same-origin/CSRF check on state-changing requests, rate limits in Redis
 * (the per-client limit on every request is a middleware, see configureHttp; the strict per-client and
 * the per-account email limits are throttlers), and the one error filter.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        storage,
        throttlers: [
          { name: 'strict', ttl: 60_000, limit: config.rateLimits.strictPerMinute, skipIf: (ctx) => !hasStrictRateLimit(ctx) },
          {
            name: 'email',
            ttl: 3_600_000,
            limit: config.rateLimits.emailPerHour,
            // Per account (the session's), whatever client or process the requests come from.
            getTracker: (req: Record<string, unknown>) => `account:${(req as unknown as Request).session?.accountId ?? 'none'}`,
            // one budget per account across every email-sending route (API and pages)
            generateKey: (_ctx, tracker) => tracker,
            skipIf: (ctx) => !hasEmailRateLimit(ctx) || !ctx.switchToHttp().getRequest<Request>().session?.accountId,
          },
        ],
      }),
    }),
  ],
  providers: [
    CsrfService,
    { provide: APP_GUARD, useClass: OriginGuard },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
  exports: [CsrfService],
})
export class HttpCoreModule {}
