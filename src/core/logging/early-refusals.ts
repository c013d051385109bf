import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';

/**
 * The request log line for requests that ended before nestjs-pino's middleware saw them: those the
 * app-level middleware refused (the client rate limit's 429, the body parser's 400 on malformed JSON, an
 * oversized body's 413). Nest installs module middleware after everything `app.use` added, so without
 * this those answers would leave no trace. Logged through the same root logger, so the same serializers
 * (method, redacted path, status) and redaction apply; a request pino-http saw is left to it.
 */
export function logRequestsEndedEarly(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/health')) return next();
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      if ((req as Request & { log?: unknown }).log || !PinoLogger.root) return;
      const responseTime = Number((process.hrtime.bigint() - started) / 1_000_000n);
      const level = res.statusCode >= 500 ? 'error' : 'info';
      PinoLogger.root[level]({ req, res, responseTime }, 'request completed');
    });
    next();
  };
}
