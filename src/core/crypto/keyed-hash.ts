import { Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

/**
 * What a keyed hash is for. Each purpose has its own key, derived from HASH_SECRET with HKDF-SHA256
 * (RFC 5869, the purpose as `info`), so a key leaked or rotated for one purpose touches no other.
 * Purposes are fixed strings: two places that must agree byte for byte use the same purpose.
 */
export type HashPurpose =
  /** addresses kept after erasure or unsubscribe (suppression, erasure receipts, re-registration blocks) */
  | 'email'
  /** opaque ids of erasure runs and batches, subject ids on receipts */
  | 'erasure'
  /** provider user ids kept after erasure (Facebook deletion requests, re-registration blocks) */
  | 'provider-subject'
  /** one-time tokens stored hashed (email change, verification links) */
  | 'token'
  /** signed unsubscribe links */
  | 'unsubscribe'
  /** Message-IDs of outgoing mail */
  | 'message-id'
  /** the MAC of a hash-chained log, one chain each (`chain:audit`, `chain:erasure-receipts`, ...) */
  | `chain:${string}`
  /** a module's own purpose, named `<module>:<what>` */
  | `${string}:${string}`;

/** One keyed-hash service: HMAC-SHA256 under a per-purpose key derived from HASH_SECRET. */
@Injectable()
export class KeyedHash {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly config: AppConfig) {}

  /** The purpose's key (HKDF-SHA256 of HASH_SECRET, salt "rightsdesk", info = purpose). */
  key(purpose: HashPurpose): Buffer {
    let key = this.keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.config.hashSecret, 'rightsdesk', `rightsdesk:${purpose}`, 32));
      this.keys.set(purpose, key);
    }
    return key;
  }

  /** HMAC-SHA256 of `value` under the purpose's key, hex. */
  hex(purpose: HashPurpose, value: string): string {
    return createHmac('sha256', this.key(purpose)).update(value).digest('hex');
  }

  /** HMAC-SHA256 of `value` under the purpose's key, base64url. */
  base64url(purpose: HashPurpose, value: string): string {
    return createHmac('sha256', this.key(purpose)).update(value).digest('base64url');
  }

  /** The keyed hash of an email address (trimmed, lower-cased): the same for every module that keeps one. */
  email(address: string): string {
    return this.hex('email', address.trim().toLowerCase());
  }

  /** Constant-time comparison of a given MAC (base64url) with the expected one for `value`. */
  verify(purpose: HashPurpose, value: string, mac: string): boolean {
    const expected = createHmac('sha256', this.key(purpose)).update(value).digest();
    const given = Buffer.from(mac, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
