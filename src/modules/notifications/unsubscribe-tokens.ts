import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '../../core/errors/domain-error';
import { KeyedHash } from '../../core/crypto/keyed-hash';

export interface UnsubscribePayload {
  /** keyed hash of the address */
  h: string;
  /** the account, when the address belongs to one (an opaque id) */
  a?: string;
  /** expiry, seconds since epoch */
  e: number;
}

export class InvalidUnsubscribeTokenError extends InvalidInputError {
  constructor() {
    super('INVALID_UNSUBSCRIBE_TOKEN', 'This unsubscribe link is not valid (changed or expired).', [
      { field: 'token', message: 'is not a valid unsubscribe token' },
    ]);
  }
}

/** Signed, expiring unsubscribe tokens that carry no email address (only its keyed hash). */
@Injectable()
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(private readonly hashes: KeyedHash) {
    this.key = hashes.key('unsubscribe');
  }

  /** The keyed hash of an address, as kept on the suppression list (the same as on erasure receipts). */
  emailHash(email: string): string {
    return this.hashes.email(email);
  }

  sign(payload: UnsubscribePayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${createHmac('sha256', this.key).update(body).digest('base64url')}`;
  }

  verify(token: string | undefined, nowMs: number): UnsubscribePayload {
    if (!token || token.length > 1000) throw new InvalidUnsubscribeTokenError();
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) throw new InvalidUnsubscribeTokenError();
    const expected = createHmac('sha256', this.key).update(body).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidUnsubscribeTokenError();
    let payload: UnsubscribePayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidUnsubscribeTokenError();
    }
    if (typeof payload.h !== 'string' || typeof payload.e !== 'number' || payload.e * 1000 < nowMs) throw new InvalidUnsubscribeTokenError();
    return payload;
  }
}
