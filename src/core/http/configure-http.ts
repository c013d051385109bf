import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import session from 'express-session';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppConfig } from '../../config/app-config';
import { logRequestsEndedEarly } from '../logging/early-refusals';
import { validationPipeOptions } from './validation';

import { checkJsonBody } from './json-guard';
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
  // First, so that requests refused before nestjs-pino's middleware (rate limit, body parser) are logged too
  app.use(logRequestsEndedEarly());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'form-action': [
            "'self'",
            ...Object.values(config.providers)
              .filter(Boolean)
              .map((p) => new URL(p!.authorizationUrl).origin),
          ],
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
  // Nesting depth and lone surrogates are checked on the raw bytes before parsing (a clear 400).
  const jsonOptions = { limit: config.bodyLimit, verify: (_req: unknown, _res: unknown, buf: Buffer) => checkJsonBody(buf) };
  express.useBodyParser('json', jsonOptions);
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
    // internal systems' routes: `Authorization: Bearer <api key>` (a module's key guard checks it)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An internal system’s API key' }, 'api-key')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  answerOversizedHeaders(app);
  app.enableShutdownHooks();
}

/** Node's HTTP parser rejects headers over its limit (16 kB) before any route runs: answer in the error shape. */
function answerOversizedHeaders(app: INestApplication): void {
  const server = app.getHttpServer() as import('node:http').Server;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: import('node:stream').Duplex) => {
    if (!socket.writable) return socket.destroy();
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      const body = JSON.stringify({ statusCode: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are larger than the limit of 16 kB.' });
      socket.end(
        `HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
}
