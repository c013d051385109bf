import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { RedisClient } from '../redis/redis-client';

/**
 * One fixed window per key: INCR, and the window's expiry set by the first hit; over the limit the
 * caller is blocked until the window ends. Atomic (one script), so every API process shares the budget.
 */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }`;

/**
 * Rate-limit counters in Redis for @nestjs/throttler and the per-client middleware: shared by every API
 * process (a small storage over the shared ioredis client; the maintained Redis storages for the
 * throttler do not support Nest 12 yet).
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: RedisClient) {}

  /** Counts a hit of `key` in a window of `ttlMs`; `limit` hits are allowed per window. */
  async increment(key: string, ttlMs: number, limit: number, _blockDurationMs: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const [hits, pttl] = (await this.redis.client.eval(HIT, 1, `${this.redis.prefix}rl:${throttlerName}:${key}`, String(ttlMs))) as [number, number];
    const seconds = Math.max(1, Math.ceil(pttl / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}
