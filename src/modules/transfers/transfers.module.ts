import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CHAIN_HEAD_MODEL, ChainHeadSchema } from '../../core/database/chain-head.schema';
import { registerNavEntry } from '../../core/http/views/nav';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysCreateCommand, ApiKeysListCommand, ApiKeysRevokeCommand } from './cli/apikeys.commands';
import { TransfersVerifyCommand } from './cli/transfers-verify.command';
import { RecipientNoticesRepository } from './recipient-notices.repository';
import { RecipientNoticesService } from './recipient-notices.service';
import { RecipientsController } from './recipients.controller';
import { RecipientsRepository } from './recipients.repository';
import { RecipientsService } from './recipients.service';
import { API_KEY_MODEL, ApiKeySchema } from './schemas/api-key.schema';
import { RECIPIENT_NOTICE_MODEL, RecipientNoticeSchema } from './schemas/recipient-notice.schema';
import { RECIPIENT_MODEL, RecipientSchema } from './schemas/recipient.schema';
import { SUCCESSOR_EVENT_MODEL, SUCCESSOR_NOTICE_MODEL, SuccessorEventSchema, SuccessorNoticeSchema } from './schemas/successor-event.schema';
import { TRANSFER_ENTRY_MODEL, TransferEntrySchema } from './schemas/transfer-entry.schema';
import { TRANSFER_REQUEST_MODEL, TransferRequestSchema } from './schemas/transfer-request.schema';
import { TRANSFER_SUBJECT_MODEL, TransferSubjectSchema } from './schemas/transfer-subject.schema';
import { MyTransfersController, SuccessorEventsController } from './successor-events.controller';
import { SuccessorEventsRepository } from './successor-events.repository';
import { SuccessorEventsService } from './successor-events.service';
import { TransferLogRepository } from './transfer-log.repository';
import { TransfersPagesController } from './transfers-pages.controller';
import { TransfersPagesService } from './transfers-pages.service';
import { TransfersController } from './transfers.controller';
import { TransfersPersonalData } from './transfers.personal-data';
import { TransfersService } from './transfers.service';
import { TRANSFER_TEMPLATES } from './transfers.templates';

/**
 * Recipients of personal data (group companies, subcontractors, successors, authorities), the
 * tamper-evident transfer log with its per-person index, API keys of internal systems, successor
 * events, and the Art. 19 notices to recipients.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: RECIPIENT_MODEL, schema: RecipientSchema },
      { name: TRANSFER_ENTRY_MODEL, schema: TransferEntrySchema },
      { name: TRANSFER_SUBJECT_MODEL, schema: TransferSubjectSchema },
      { name: TRANSFER_REQUEST_MODEL, schema: TransferRequestSchema },
      { name: API_KEY_MODEL, schema: ApiKeySchema },
      { name: RECIPIENT_NOTICE_MODEL, schema: RecipientNoticeSchema },
      { name: SUCCESSOR_EVENT_MODEL, schema: SuccessorEventSchema },
      { name: SUCCESSOR_NOTICE_MODEL, schema: SuccessorNoticeSchema },
      { name: CHAIN_HEAD_MODEL, schema: ChainHeadSchema },
    ]),
    AccountsModule,
    AuditModule,
    NotificationsModule,
  ],
  controllers: [RecipientsController, TransfersController, SuccessorEventsController, MyTransfersController, TransfersPagesController],
  providers: [
    RecipientsRepository,
    RecipientsService,
    ApiKeysRepository,
    ApiKeysService,
    ApiKeyGuard,
    TransferLogRepository,
    TransfersService,
    RecipientNoticesRepository,
    RecipientNoticesService,
    SuccessorEventsRepository,
    SuccessorEventsService,
    TransfersPagesService,
    TransfersPersonalData,
    TransfersVerifyCommand,
    ApiKeysCreateCommand,
    ApiKeysRevokeCommand,
    ApiKeysListCommand,
  ],
  exports: [TransfersService, RecipientsService, SuccessorEventsService],
})
export class TransfersModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    for (const [name, template] of Object.entries(TRANSFER_TEMPLATES)) this.notifications.registerTemplate(name, template);
    registerNavEntry({
      key: 'transfers-mine',
      href: '/profile/recipients',
      labels: { en: 'Who has my data', nb: 'Hvem har opplysningene mine' },
      signedIn: true,
      order: 16,
    });
    registerNavEntry({ key: 'transfers-admin', href: '/admin/transfers', labels: { en: 'Transfers', nb: 'Overføringer' }, roles: ['admin'], order: 60 });
  }
}
