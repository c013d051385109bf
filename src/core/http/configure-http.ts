import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getConnectionToken } from '@nestjs/mongoose';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import MongoStore from 'connect-mongo';
import cookieParser from 'cookie-parser';
import session from 'express-session';
import helmet from 'helmet';
import type { Connection } from 'mongoose';
import { AppConfig } from '../../config/app-config';
import { validationPipeOptions } from './validation';

export const SESSION_COOKIE = 'rd.sid';
export const SESSION_TTL_S = 7 * 24 * 60 * 60;

/** Everything an HTTP app needs beyond its modules: security headers, body limits, sessions, docs. */
export function configureHttp(app: INestApplication): void {
  const config = app.get(AppConfig);
  const express = app as NestExpressApplication;
  const secure = config.publicBaseUrl.startsWith('https://');
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
  express.useBodyParser('json', { limit: config.bodyLimit });
  express.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.use(cookieParser());
  const connection = app.get<Connection>(getConnectionToken());
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: config.trustProxy,
      cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_TTL_S * 1000, path: '/' },
      store: MongoStore.create({
        client: connection.getClient() as never,
        collectionName: 'sessions',
        stringify: false,
        ttl: SESSION_TTL_S,
        // FerretDB has no TTL indexes: expired sessions are removed by a periodic delete instead.
        autoRemove: 'interval',
        autoRemoveInterval: 10,
      }),
    }),
  );
  app.useGlobalPipes(new ValidationPipe(validationPipeOptions));
  const doc = new DocumentBuilder()
    .setTitle('RightsDesk API')
    .setDescription('Account and data-rights service: profile, data-rights requests, testimonials, transfers, retention.')
    .setVersion('1')
    .addCookieAuth(SESSION_COOKIE)
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
}
