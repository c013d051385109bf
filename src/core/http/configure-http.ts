import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import session from 'express-session';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppConfig } from '../../config/app-config';
import { validationPipeOptions } from './validation';

import { clientRateLimit } from './rate-limit';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { AccountSessionStore } from './session-store';

/** The session cookie over plain http (development, tests, a loopback proxy). */
export const SESSION_COOKIE = 'rd.sid';
/** The session cookie whenever it is Secure: `__Host-` pins it to our origin, path / and https. */
export const SECURE_SESSION_COOKIE = '__Host-rd.sid';

export function sessionCookieName(config: AppConfig): string {
  return config.sessions.secureCookie ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Everything an HTTP app needs beyond its modules: security headers, body limits, sessions, docs. */
export function configureHttp(app: INestApplication): void {
  const config = app.get(AppConfig);
  const express = app as NestExpressApplication;
  const secure = config.publicBaseUrl.startsWith('https://');
  const cookieName = sessionCookieName(config);
  if (config.trustProxy) express.set('trust proxy', 1);
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'", ...Object.values(config.providers).filter(Boolean).map((p) => new URL(p!.authorizationUrl).origin)],
          'upgrade-insecure-requests': secure ? [] : null,
        },
      },
      hsts: secure,
    }),
  );
  // Responses may carry personal data (every signed-in page and API answer): no shared or browser cache
  // keeps them. The API documentation is the exception; a handler may still set its own header.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/docs')) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(clientRateLimit(app.get(RedisThrottlerStorage), config.rateLimits.perMinute));
  express.useBodyParser('json', { limit: config.bodyLimit });
  express.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.use(cookieParser());
  app.use(
    session({
      name: cookieName,
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      // No write per request: the store refreshes the idle timer at most once per touch interval.
      rolling: false,
      proxy: config.trustProxy,
      // The browser keeps the cookie for the absolute lifetime; the idle timeout is the Redis key's TTL.
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.sessions.secureCookie, maxAge: config.sessions.absoluteLifetimeS * 1000, path: '/' },
      store: app.get(AccountSessionStore),
    }),
  );
  app.useGlobalPipes(new ValidationPipe(validationPipeOptions));
  const doc = new DocumentBuilder()
    .setTitle('RightsDesk API')
    .setDescription('Account and data-rights service: profile, data-rights requests, testimonials, transfers, retention.')
    .setVersion('1')
    .addCookieAuth(cookieName)
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
}
