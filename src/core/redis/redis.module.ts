import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { RedisThrottlerStorage } from '../http/redis-throttler.storage';
import { AccountSessionStore } from '../http/session-store';
import { RedisClient } from './redis-client';

export { RedisClient };

@Global()
@Module({
  providers: [
    RedisClient,
    RedisThrottlerStorage,
    // The session store: express-session in the API, and every process that lists or ends sessions.
    {
      provide: AccountSessionStore,
      inject: [RedisClient, AppConfig],
      useFactory: (redis: RedisClient, config: AppConfig) => new AccountSessionStore(redis.client, redis.prefix, config.sessions),
    },
  ],
  exports: [RedisClient, AccountSessionStore, RedisThrottlerStorage],
})
export class RedisModule {}
