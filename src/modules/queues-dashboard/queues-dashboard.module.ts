import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { QueuesDashboardController } from './queues-dashboard.controller';
import { QueuesDashboardMiddleware } from './queues-dashboard.middleware';

/**
 * Operators see the queue: the Bull dashboard (bull-board) at /admin/queues, admins only, read-only
 * unless the admin confirms a retry. HTTP only (composed into the API process).
 */
@Module({
  imports: [AccountsModule],
  controllers: [QueuesDashboardController],
  providers: [QueuesDashboardMiddleware],
})
export class QueuesDashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(QueuesDashboardMiddleware)
      .forRoutes({ path: 'admin/queues', method: RequestMethod.ALL }, { path: 'admin/queues/*path', method: RequestMethod.ALL });
  }
}
