import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { QUEUE_NAME } from './job-catalogue';
import { JobQueue } from './job-queue.service';

/** The Bull connection and the one queue. Processing happens only in the worker (QueueWorkerModule). */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.redisUrl,
        prefix: config.queuePrefix,
        settings: { lockDuration: config.queueLockMs, stalledInterval: config.queueLockMs, maxStalledCount: 5 },
      }),
    }),
    BullModule.registerQueue({ name: QUEUE_NAME }),
  ],
  providers: [JobQueue],
  exports: [JobQueue, BullModule],
})
export class QueueModule {}
