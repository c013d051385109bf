import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { ForbiddenError } from '../errors/domain-error';
import { CsrfService } from './csrf.service';
import { SKIP_ORIGIN_CHECK } from './skip-origin-check.decorator';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** State-changing requests are accepted only from our own origin or with a valid CSRF token. */
@Injectable()
export class OriginGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly csrf: CsrfService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE.has(req.method)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_ORIGIN_CHECK, [context.getHandler(), context.getClass()])) return true;
    const origin = req.headers.origin;
    if (origin && origin === this.config.publicOrigin) return true;
    if (this.csrf.isValid(req)) return true;
    throw new ForbiddenError(
      'CROSS_ORIGIN_REJECTED',
      origin ? 'This request came from another site and was refused.' : 'This request carries neither our Origin header nor a CSRF token, and was refused.',
    );
  }
}
