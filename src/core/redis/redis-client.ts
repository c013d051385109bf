import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';

/**
 * The process's shared ioredis client for sessions, rate-limit counters and the principal cache
 * (Bull keeps its own connections). Commands never wait for a connection (no offline queue) and never
 * take longer than REDIS_COMMAND_TIMEOUT_MS, so an outage is an immediate, clear error (503), and the
 * client reconnects by itself.
 */
@Injectable()
export class RedisClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis;
  /** Prefix of every key this client writes (the deployment's QUEUE_PREFIX), e.g. `rightsdesk:` */
  readonly prefix: string;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.prefix = `${config.queuePrefix}:`;
    this.client = new Redis(config.redisUrl, {
      enableOfflineQueue: false,
      commandTimeout: config.redis.commandTimeoutMs,
      connectTimeout: Math.max(1000, config.redis.commandTimeoutMs),
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(100 * times, 1000),
    });
    let down = false;
    this.client.on('error', (err) => {
      if (!down) this.logger.warn({ err: { type: err.name, message: err.message } }, 'Redis unreachable; retrying');
      down = true;
    });
    this.client.on('ready', () => {
      if (down) this.logger.log('Redis reachable again');
      down = false;
    });
  }

  /** Waits a bounded time for the first connection; a Redis that is down at boot does not stop the process. */
  async onModuleInit(): Promise<void> {
    await Promise.race([this.client.connect().catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
