import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { IS_PUBLIC } from '../../core/auth/auth.decorators';
import { AgeCheckRequiredError } from './minors.errors';
import { MinorsService } from './minors.service';

/** Reachable before the age screen is answered: the screen itself, who am I, signing out. */
const OPEN_PATHS = new Set(['/age-check', '/api/age-check', '/api/me', '/auth/logout']);

/**
 * Global guard (after AuthGuard, which resolved the account): an account that signed in for the first
 * time and has not answered the age screen can use nothing else yet. Pages redirect to /age-check;
 * the API answers 403 AGE_CHECK_REQUIRED. Public routes (sign-in, /children-privacy ...) stay open.
 */
@Injectable()
export class AgeGateGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly minors: MinorsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.account || OPEN_PATHS.has(req.path)) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    if (!(await this.minors.isPending(req.account.id))) return true;
    if (req.method === 'GET' && !req.path.startsWith('/api/')) {
      // A page: the browser goes to the screen and comes back here after it (the filter sends nothing more).
      context
        .switchToHttp()
        .getResponse<Response>()
        .redirect(303, `/age-check?next=${encodeURIComponent(req.originalUrl)}`);
    }
    throw new AgeCheckRequiredError();
  }
}
