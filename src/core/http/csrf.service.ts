import { Injectable } from '@nestjs/common';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';

/**
 * Double-submit CSRF tokens bound to the session (csrf-csrf). Pages put `token()` in a hidden `_csrf`
 * field; scripts send it as `X-CSRF-Token`. Requests whose Origin matches PUBLIC_BASE_URL need none.
 */
@Injectable()
export class CsrfService {
  private readonly utils;
  constructor(config: AppConfig) {
    const secure = config.publicBaseUrl.startsWith('https://');
    this.utils = doubleCsrf({
      getSecret: () => config.sessionSecret,
      getSessionIdentifier: (req) => (req as Request & { sessionID?: string }).sessionID ?? '',
      cookieName: secure ? '__Host-rd.csrf' : 'rd.csrf',
      cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (req) => (req.headers['x-csrf-token'] as string | undefined) ?? (req.body as { _csrf?: string } | undefined)?._csrf,
    });
  }

  token(req: Request, res: Response): string {
    return this.utils.generateCsrfToken(req, res);
  }

  isValid(req: Request): boolean {
    try {
      return this.utils.validateRequest(req);
    } catch {
      return false;
    }
  }
}
