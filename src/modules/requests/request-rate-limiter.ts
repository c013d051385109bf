import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { DomainError } from '../../core/errors/domain-error';
import { KeyedHash } from '../../core/crypto/keyed-hash';

export class RequestRateLimitedError extends DomainError {
  constructor() {
    super('REQUEST_RATE_LIMITED', 'Too many requests for now. Try again in an hour.', 'too_many');
  }
}

export class RequestsUnavailableError extends DomainError {
  constructor() {
    super('REQUESTS_UNAVAILABLE', 'The requests desk cannot take requests right now. Try again in a few minutes.', 'unavailable');
  }
}

/**
 * Fixed-window counters in Redis (INCR + EXPIRE per hour slot), keyed by a keyed hash of the address or
 * of the client IP: no address or IP reaches Redis in plain. The per-IP minute limit of the HTTP layer
 * (@StrictRateLimit) still applies on top.
 */
@Injectable()
export class RequestRateLimiter implements OnModuleDestroy {
  private redis?: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly hashes: KeyedHash,
    private readonly clock: Clock,
  ) {}

  private client(): Redis {
    if (!this.redis) {
      this.redis = new Redis(this.config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
      // A Redis outage surfaces as a 503 from hit(); the client reconnects by itself.
      this.redis.on('error', () => undefined);
    }
    return this.redis;
  }

  /** Counts one hit on `what`; throws when over `limit` in this hour. */
  async hit(kind: 'email' | 'ip' | 'verify-ip' | 'mail-ack', value: string, limit: number): Promise<void> {
    const slot = Math.floor(this.clock.now().getTime() / 3_600_000);
    const key = `${this.config.queuePrefix}:requests:rl:${kind}:${this.hashes.hex('requests:rate-limit', value)}:${slot}`;
    let n: number;
    try {
      const r = this.client();
      if (r.status === 'wait' || r.status === 'connecting')
        await new Promise<void>((res, rej) => {
          r.once('ready', () => res());
          setTimeout(() => rej(new Error('redis connect timeout')), 2000).unref();
        });
      n = await r.incr(key);
      if (n === 1) await r.expire(key, 3700);
    } catch {
      throw new RequestsUnavailableError();
    }
    if (n > limit) throw new RequestRateLimitedError();
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
