import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { registerNavEntry } from '../../core/http/views/nav';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { ErasureModule } from '../erasure/erasure.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { ProfileModule } from '../profile/profile.module';
import { RequestActionsService } from './request-actions.service';
import { RequestMailController } from './request-mail.controller';
import { RequestMailService } from './request-mail.service';
import { RequestRateLimiter } from './request-rate-limiter';
import { RequestsJobsService } from './requests-jobs.service';
import { RequestsPagesController } from './requests-pages.controller';
import { RequestsController } from './requests.controller';
import { RequestsPersonalData } from './requests.personal-data';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';
import { REQUEST_MAIL_TEMPLATES } from './requests.templates';
import { DATA_REQUEST_MODEL, DataRequestSchema } from './schemas/data-request.schema';

/** The data-rights requests desk: intake from every channel, verification, deadlines, actions, agent console. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: DATA_REQUEST_MODEL, schema: DataRequestSchema }]),
    AccountsModule,
    AuditModule,
    NotificationsModule,
    ErasureModule,
    ProfileModule,
  ],
  controllers: [RequestsController, RequestsPagesController, RequestMailController],
  providers: [RequestsRepository, RequestsService, RequestActionsService, RequestMailService, RequestRateLimiter, RequestsJobsService, RequestsPersonalData],
  exports: [RequestsService, RequestMailService, RequestRateLimiter],
})
export class RequestsModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    for (const [name, template] of Object.entries(REQUEST_MAIL_TEMPLATES)) this.notifications.registerTemplate(name, template);
    registerNavEntry({
      key: 'requests-new',
      href: '/requests/new',
      labels: { en: 'Ask about your data', nb: 'Spør om opplysningene dine' },
      placement: 'footer',
      order: 50,
    });
    registerNavEntry({ key: 'requests-mine', href: '/requests/new', labels: { en: 'Data requests', nb: 'Forespørsler' }, signedIn: true, order: 20 });
    registerNavEntry({ key: 'agent-requests', href: '/agent/requests', labels: { en: 'Requests desk', nb: 'Forespørsler (kø)' }, roles: ['agent'], order: 30 });
  }
}
