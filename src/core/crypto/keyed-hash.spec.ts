import { createHmac, hkdfSync } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { KeyedHash } from './keyed-hash';

describe(KeyedHash.name, () => {
  const secret = 'a-hash-secret-of-at-least-32-characters-0123';
  const hashes = new KeyedHash(Object.assign(new AppConfig(), { hashSecret: secret }));

  it('derives one key per purpose from HASH_SECRET with HKDF-SHA256, so stored hashes stay stable across releases', () => {
    const expected = Buffer.from(hkdfSync('sha256', secret, 'rightsdesk', 'rightsdesk:email', 32));
    expect(hashes.key('email').equals(expected)).toBe(true);
    expect(hashes.email('Kari@Example.org ')).toBe(createHmac('sha256', expected).update('kari@example.org').digest('hex'));
  });

  it('gives different hashes of one value for different purposes, and never the bare HASH_SECRET HMAC', () => {
    const value = 'kari@example.org';
    const all = new Set([
      hashes.hex('email', value),
      hashes.hex('token', value),
      hashes.hex('chain:audit', value),
      hashes.hex('requests:verification', value),
      createHmac('sha256', secret).update(value).digest('hex'),
    ]);
    expect(all.size).toBe(5);
  });

  it('verifies a MAC in constant time and refuses a changed one', () => {
    const mac = hashes.base64url('unsubscribe', 'payload');
    expect(hashes.verify('unsubscribe', 'payload', mac)).toBe(true);
    expect(hashes.verify('unsubscribe', 'payload2', mac)).toBe(false);
    expect(hashes.verify('token', 'payload', mac)).toBe(false);
    expect(hashes.verify('unsubscribe', 'payload', 'short')).toBe(false);
  });
});
