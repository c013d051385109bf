import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { AppConfig } from '../../config/app-config';

export const MARKER_COOKIE = 'rd.agecheck';
const PURPOSE = 'minors:browser';

/**
 * Remembers in the browser that an age under the threshold was declared there, so another date typed
 * after it is refused: a cookie holding only the time it was set and a MAC of it (no account, no age),
 * for MINOR_BLOCK_DAYS.
 */
@Injectable()
export class BrowserMarker {
  constructor(
    private readonly hashes: KeyedHash,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  set(res: Response): void {
    const at = String(this.clock.now().getTime());
    res.cookie(MARKER_COOKIE, `${at}.${this.hashes.base64url(PURPOSE, at)}`, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: this.config.sessions.secureCookie,
      maxAge: this.config.minors.blockDays * DAY_MS,
    });
  }

  isMarked(req: Request): boolean {
    const value = (req.cookies as Record<string, string> | undefined)?.[MARKER_COOKIE];
    const m = typeof value === 'string' ? /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
    if (!m || !this.hashes.verify(PURPOSE, m[1], m[2])) return false;
    return this.clock.now().getTime() - Number(m[1]) < this.config.minors.blockDays * DAY_MS;
  }
}
