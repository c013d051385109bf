import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RequestsModule } from '../requests/requests.module';
import { RequestsService } from '../requests/requests.service';
import { MailThreading } from './mail-threading';
import { MailboxIntakeService } from './mailbox-intake.service';
import { MailboxPersonalData } from './mailbox.personal-data';
import { MailboxReaderService } from './mailbox-reader.service';
import { MailboxRepository } from './mailbox.repository';
import { MAILBOX_MESSAGE_MODEL, MailboxMessageSchema } from './schemas/mailbox-message.schema';

/**
 * Requests by email: the worker reads the support mailbox (SUPPORT_IMAP_URL) into the requests desk,
 * exactly once per message, and threads the desk's outgoing mail so replies land on their request.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: MAILBOX_MESSAGE_MODEL, schema: MailboxMessageSchema }]), RequestsModule],
  providers: [MailboxRepository, MailThreading, MailboxIntakeService, MailboxReaderService, MailboxPersonalData],
  exports: [MailboxReaderService],
})
export class MailboxModule implements OnModuleInit {
  constructor(
    private readonly requests: RequestsService,
    private readonly threading: MailThreading,
  ) {}

  onModuleInit(): void {
    this.requests.useMailThreading((req, key) => this.threading.headersFor(req, key));
  }
}
