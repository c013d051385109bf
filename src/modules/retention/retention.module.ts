import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { ErasureModule } from '../erasure/erasure.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { RetentionPurgeCommand } from './cli/retention-purge.command';
import { LegalHoldsController } from './legal-holds.controller';
import { LegalHoldsService } from './legal-holds.service';
import { RetentionPersonalData } from './retention.personal-data';
import { RetentionRepository } from './retention.repository';
import { RetentionMetrics } from './retention.metrics';
import { RetentionService } from './retention.service';
import { RETENTION_TEMPLATES } from './retention.templates';
import { LegalHoldDoc, LegalHoldSchema } from './schemas/legal-hold.schema';
import { PurgeScheduleDoc, PurgeScheduleSchema } from './schemas/purge-schedule.schema';

/** Termination grace period, legal holds and the scheduled purge. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PurgeScheduleDoc.name, schema: PurgeScheduleSchema },
      { name: LegalHoldDoc.name, schema: LegalHoldSchema },
    ]),
    AccountsModule,
    AuditModule,
    ErasureModule,
    NotificationsModule,
  ],
  controllers: [LegalHoldsController],
  providers: [RetentionMetrics, RetentionRepository, RetentionService, LegalHoldsService, RetentionPersonalData, RetentionPurgeCommand],
  exports: [RetentionService],
})
export class RetentionModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    for (const [name, t] of Object.entries(RETENTION_TEMPLATES)) this.notifications.registerTemplate(name, t);
  }
}
