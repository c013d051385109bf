import { DynamicModule, Module, Type } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CheckpointsModule } from './core/checkpoints/checkpoints.module';
import { ClockModule } from './core/clock/clock.module';
import { CryptoModule } from './core/crypto/crypto.module';
import { DatabaseModule } from './core/database/database.module';
import { HealthModule } from './core/health/health.module';
import { HttpCoreModule } from './core/http/http-core.module';
import { LoggingModule } from './core/logging/logging.module';
import { MetricsHttpModule } from './core/metrics/metrics-http.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { PersonalDataModule } from './core/personal-data/personal-data.module';
import { QueueWorkerModule } from './core/queue/queue-worker.module';
import { QueueModule } from './core/queue/queue.module';
import { RedisModule } from './core/redis/redis.module';
import { AccountsModule } from './modules/accounts/accounts.module';
import { AnchoringModule } from './modules/anchoring/anchoring.module';
import { AuditModule } from './modules/audit/audit.module';
import { BillingModule } from './modules/billing/billing.module';
import { DemoModule } from './modules/demo/demo.module';
import { ErasureModule } from './modules/erasure/erasure.module';
import { IdentityModule } from './modules/identity/identity.module';
import { RetentionModule } from './modules/retention/retention.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { ProfileModule } from './modules/profile/profile.module';
import { QueuesDashboardModule } from './modules/queues-dashboard/queues-dashboard.module';
import { MailboxModule } from './modules/mailbox/mailbox.module';
import { RequestsModule } from './modules/requests/requests.module';
import { TestimonialsModule } from './modules/testimonials/testimonials.module';
import { MinorsModule } from './modules/minors/minors.module';
import { TransfersModule } from './modules/transfers/transfers.module';

/** The business modules, the same in every process. */
export const DOMAIN_MODULES: Type[] = [
  AccountsModule,
  AuditModule,
  IdentityModule,
  NotificationsModule,
  ErasureModule,
  RetentionModule,
  BillingModule,
  ProfileModule,
  RequestsModule,
  MailboxModule,
  TestimonialsModule,
  MinorsModule,
  AnchoringModule,
  TransfersModule,
];

export interface AppModuleOptions {
  /** api: HTTP only; worker: Bull processors and scheduler; cli: neither */
  role: 'api' | 'worker' | 'cli';
  /** Tests pass their own configuration. */
  config?: AppConfig;
}

@Module({})
export class AppModule {
  static forRoot(opts: AppModuleOptions): DynamicModule {
    const imports: (Type | DynamicModule)[] = [
      ConfigModule.forRoot(opts.config),
      ClockModule,
      CryptoModule,
      // In-process domain events between modules (e.g. identity -> profile), so neither imports the other.
      EventEmitterModule.forRoot(),
      LoggingModule,
      DatabaseModule,
      CheckpointsModule,
      RedisModule,
      QueueModule,
      PersonalDataModule,
      MetricsModule,
      // HTTP protection first, so its global guards (origin, rate limit) run before AuthGuard.
      ...(opts.role === 'api' ? [HttpCoreModule, HealthModule, MetricsHttpModule] : []),
      ...DOMAIN_MODULES,
      // The Bull dashboard for admins (/admin/queues) is HTTP only.
      ...(opts.role === 'api' ? [QueuesDashboardModule] : []),
    ];
    if (opts.role === 'worker') imports.push(QueueWorkerModule);
    // Demo data is a development CLI command (demo:seed); production gets only its refusal.
    if (opts.role === 'cli') imports.push(DemoModule.forRoot(opts.config?.nodeEnv ?? process.env.NODE_ENV));
    return { module: AppModule, imports };
  }
}
