import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { OutboxJobs } from './jobs/outbox.jobs';
import { Mailer } from './mailer';
import { NotificationsController } from './notifications.controller';
import { NotificationsPersonalData } from './notifications.personal-data';
import { NotificationsService } from './notifications.service';
import { OutboxRepository } from './outbox.repository';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';
import { PreferencesRepository } from './preferences.repository';
import { OutboxMessageDoc, OutboxMessageSchema } from './schemas/outbox-message.schema';
import { PolicyAcknowledgementDoc, PolicyAcknowledgementSchema, PolicyVersionDoc, PolicyVersionSchema } from './schemas/policy.schema';
import { PreferenceDoc, PreferenceSchema } from './schemas/preference.schema';
import { SuppressionDoc, SuppressionSchema } from './schemas/suppression.schema';
import { TemplateRegistry } from './templates/template-registry';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/** Email through an outbox; consent, unsubscribe and suppression; privacy policy versions and notices. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: OutboxMessageDoc.name, schema: OutboxMessageSchema },
      { name: PreferenceDoc.name, schema: PreferenceSchema },
      { name: SuppressionDoc.name, schema: SuppressionSchema },
      { name: PolicyVersionDoc.name, schema: PolicyVersionSchema },
      { name: PolicyAcknowledgementDoc.name, schema: PolicyAcknowledgementSchema },
    ]),
    AccountsModule,
    AuditModule,
  ],
  controllers: [NotificationsController, UnsubscribeController],
  providers: [
    OutboxRepository,
    PreferencesRepository,
    PoliciesRepository,
    TemplateRegistry,
    UnsubscribeTokens,
    Mailer,
    NotificationsService,
    PoliciesService,
    OutboxJobs,
    NotificationsPersonalData,
  ],
  exports: [NotificationsService, PoliciesService],
})
export class NotificationsModule {}
