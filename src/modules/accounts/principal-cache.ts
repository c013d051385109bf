import { Injectable, Logger } from '@nestjs/common';
import { RedisClient } from '../../core/redis/redis-client';
import type { Account } from './schemas/account.schema';

const DATE_FIELDS = ['terminatedAt', 'purgeAfter', 'suspendedAt', 'lastAuthAt', 'createdAt', 'updatedAt'] as const;
/** How long a cached account may serve requests at most (a bound on any missed invalidation). */
export const PRINCIPAL_CACHE_TTL_S = 30;

/**
 * The signed-in account as the guard needs it on every request, cached in Redis (shared by every API
 * process) so a request reads it in well under a millisecond instead of a database round trip. Every
 * write to an account (AccountsRepository) forgets it, so the next request reads the new version; the
 * short TTL bounds the one race left (a read of the old version cached just after a write). Security
 * changes (suspension, termination, erasure) also end the sessions, which does not depend on this cache.
 */
@Injectable()
export class PrincipalCache {
  private readonly logger = new Logger(PrincipalCache.name);

  constructor(private readonly redis: RedisClient) {}

  private key(id: string): string {
    return `${this.redis.prefix}principal:${id}`;
  }

  async get(id: string): Promise<Account | null> {
    const raw = await this.redis.client.get(this.key(id));
    if (!raw) return null;
    const account = JSON.parse(raw) as Account;
    for (const f of DATE_FIELDS) if (account[f]) (account as unknown as Record<string, Date>)[f] = new Date(account[f] as unknown as string);
    return account;
  }

  async put(account: Account): Promise<void> {
    await this.redis.client.set(this.key(account.id), JSON.stringify(account), 'EX', PRINCIPAL_CACHE_TTL_S);
  }

  /** After a write: the next request reads the account again. Never fails the write that succeeded. */
  async forget(...ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      await this.redis.client.del(...ids.map((i) => this.key(i)));
    } catch (err) {
      this.logger.warn(
        { err: { type: (err as Error).name, message: (err as Error).message } },
        `principal cache not cleared; it expires within ${PRINCIPAL_CACHE_TTL_S} s`,
      );
    }
  }
}
