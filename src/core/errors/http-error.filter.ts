import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DEPENDENCY_UNAVAILABLE, dependencyOf } from './dependency-errors';
import { DomainError, FieldError, STATUS_BY_KIND } from './domain-error';
import { renderErrorPage } from './error-page';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
  errorId?: string;
  /** Seconds (sent as Retry-After, not in the body) */
  retryAfter?: number;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
};

/**
 * The one place errors become HTTP. Domain errors map by kind; Nest HTTP exceptions keep their status;
 * body-parser failures become 400/413; anything else is a logged 500 with an errorId and no internals.
 * JSON for /api/* and non-HTML clients, a plain page for browsers.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toBody(exception);
    if (res.headersSent) return;
    const { retryAfter, ...payload } = body;
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    if (body.statusCode === 401 && wantsHtml(req) && req.method === 'GET') {
      res.redirect(302, `/signin?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (body.statusCode === 429 && !res.getHeader('Retry-After')) {
      // a named throttler sets Retry-After-<name>; the standard header carries the longest wait
      const named = Object.entries(res.getHeaders())
        .filter(([h]) => h.startsWith('retry-after-'))
        .map(([, v]) => Number(v));
      res.setHeader('Retry-After', String(named.length ? Math.max(...named) : 60));
    }
    res.status(body.statusCode);
    if (wantsHtml(req)) {
      res.type('html').send(renderErrorPage(payload));
    } else {
      res.json(payload);
    }
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const body: ErrorBody = { statusCode: STATUS_BY_KIND[exception.kind], code: exception.code, message: exception.message };
      if (exception.errors?.length) body.errors = exception.errors;
      return body;
    }
    if (exception instanceof ThrottlerException) {
      return { statusCode: 429, code: 'TOO_MANY_REQUESTS', message: 'Too many requests: wait a minute and try again.' };
    }
    const dependency = dependencyOf(exception);
    if (dependency) {
      const d = DEPENDENCY_UNAVAILABLE[dependency];
      this.logger.warn({ dependency, err: { type: (exception as Error).name, message: (exception as Error).message } }, `${dependency} unavailable: 503`);
      return { statusCode: 503, code: d.code, message: d.message, retryAfter: d.retryAfterS };
    }
    const bodyError = bodyParserErrorOf((exception as { cause?: unknown })?.cause ?? exception);
    if (bodyError) return bodyError;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as string | { message?: unknown; code?: string; errors?: FieldError[] };
      if (typeof response === 'object' && response && 'code' in response && response.code) {
        return {
          statusCode: status,
          code: response.code,
          message: String(response.message ?? exception.message),
          ...(response.errors ? { errors: response.errors } : {}),
        };
      }
      const msg =
        typeof response === 'string'
          ? response
          : Array.isArray(response?.message)
            ? response.message.join('; ')
            : String(response?.message ?? exception.message);
      return { statusCode: status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message: msg };
    }
    const errorId = randomUUID();
    const err = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error({ errorId, err: { type: err.name, stack: err.stack } }, `Unhandled error ${errorId}`);
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: `Something went wrong on our side. Quote error id ${errorId} if you contact support.`,
      errorId,
    };
  }
}

/** body-parser failures (possibly wrapped by Nest's adapter). */
function bodyParserErrorOf(err: unknown): ErrorBody | undefined {
  const e = err as { type?: string; status?: number; statusCode?: number; limit?: number } | undefined;
  if (!e || typeof e.type !== 'string') return undefined;
  if (e.type === 'entity.too.large')
    return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than the limit of ${e.limit} bytes.` };
  if (e.type === 'entity.too.deep')
    return { statusCode: 400, code: 'BODY_TOO_DEEP', message: (e as { message?: string }).message ?? 'The JSON body nests too deep.' };
  if (e.type === 'entity.invalid.unicode')
    return { statusCode: 400, code: 'INVALID_UNICODE', message: (e as { message?: string }).message ?? 'The JSON body is not valid text.' };
  if (e.type === 'entity.parse.failed') return { statusCode: 400, code: 'MALFORMED_BODY', message: 'The request body is not valid JSON.' };
  const status = e.status ?? e.statusCode;
  if (status && status < 500) return { statusCode: status, code: CODE_BY_STATUS[status] ?? 'BAD_REQUEST', message: 'The request body could not be read.' };
  return undefined;
}

function wantsHtml(req: Request): boolean {
  if (req.path.startsWith('/api/') || req.path === '/api' || req.path.startsWith('/health') || req.path === '/metrics') return false;
  return (req.headers.accept ?? '').includes('text/html');
}
