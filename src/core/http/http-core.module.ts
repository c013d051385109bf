import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { hasStrictRateLimit } from './rate-limit';
import { CsrfService } from './csrf.service';
import { OriginGuard } from './origin.guard';

/**
 * Cross-cutting HTTP protection: same-origin/CSRF check on state-changing requests, a default rate
 * limit (routes tighten it with @Throttle), and the one error filter.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'default', ttl: 60_000, limit: config.rateLimits.perMinute },
          { name: 'strict', ttl: 60_000, limit: config.rateLimits.strictPerMinute, skipIf: (ctx) => !hasStrictRateLimit(ctx) },
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
