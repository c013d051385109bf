import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '../../config/app-config';

/**
 * One mongoose connection for the whole process. Works on MongoDB 6/7 and FerretDB 1.24 alike:
 * no transactions, no TTL or partial indexes relied on for correctness (see DESIGN).
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        uri: config.mongodbUri,
        retryAttempts: config.database.retryAttempts,
        retryDelay: 1000,
        serverSelectionTimeoutMS: config.database.serverSelectionTimeoutMs,
        // Commands fail fast while the server is away (a 503), instead of queueing for minutes; a
        // command that timed out in the buffer is dropped, never applied later.
        bufferTimeoutMS: config.database.bufferTimeoutMs,
        autoIndex: true,
      }),
    }),
  ],
})
export class DatabaseModule {}
