import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { RetentionModule } from '../retention/retention.module';
import { AccountClosingService } from './account-closing.service';
import { AccountTerminationController } from './account-termination.controller';
import { EmailChangeRepository } from './email-change.repository';
import { EmailChangeService } from './email-change.service';
import { LinkedAccountsView } from './linked-accounts.view';
import { SessionsView } from './sessions.view';
import { ProfileChangesRepository } from './profile-changes.repository';
import { ProfileExportService } from './profile-export.service';
import { ProfileFormService } from './profile-form.service';
import { PROFILE_MAIL_TEMPLATES } from './profile-mail.templates';
import { ProfilePagesController } from './profile-pages.controller';
import { ProfilePagesService } from './profile-pages.service';
import { ProfileController } from './profile.controller';
import { ProfilePersonalData } from './profile.personal-data';
import { ProfileRepository } from './profile.repository';
import { ProfileService } from './profile.service';
import { ProviderClaimsListener } from './provider-claims.listener';
import { EMAIL_CHANGE_REQUEST_MODEL, EmailChangeRequestSchema } from './schemas/email-change-request.schema';
import { PROFILE_CHANGE_MODEL, ProfileChangeSchema } from './schemas/profile-change.schema';
import { PROFILE_MODEL, ProfileSchema } from './schemas/profile.schema';
import { SitePagesController } from './site-pages.controller';
import { registerNavEntry } from '../../core/http/views/nav';
import { TransfersModule } from '../transfers/transfers.module';

/**
 * My Profile: the customer's own pages and JSON API (view, correct, export, close), change history
 * with provenance, email change with confirmation, the landing and cookie pages.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PROFILE_MODEL, schema: ProfileSchema },
      { name: PROFILE_CHANGE_MODEL, schema: ProfileChangeSchema },
      { name: EMAIL_CHANGE_REQUEST_MODEL, schema: EmailChangeRequestSchema },
    ]),
    AccountsModule,
    AuditModule,
    IdentityModule,
    NotificationsModule,
    RetentionModule,
    TransfersModule,
  ],
  controllers: [ProfileController, AccountTerminationController, ProfilePagesController, SitePagesController],
  providers: [
    ProfileRepository,
    ProfileChangesRepository,
    EmailChangeRepository,
    ProfileService,
    EmailChangeService,
    ProfileExportService,
    AccountClosingService,
    ProfilePagesService,
    ProfileFormService,
    LinkedAccountsView,
    SessionsView,
    ProviderClaimsListener,
    ProfilePersonalData,
  ],
  exports: [ProfileService],
})
export class ProfileModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    for (const [name, template] of Object.entries(PROFILE_MAIL_TEMPLATES)) this.notifications.registerTemplate(name, template);
    registerNavEntry({ key: 'profile', href: '/profile', labels: { en: 'My Profile', nb: 'Min profil' }, order: 10 });
    registerNavEntry({ key: 'cookies', href: '/cookies', labels: { en: 'Cookies', nb: 'Informasjonskapsler' }, order: 90 });
    registerNavEntry({
      key: 'cookies-footer',
      href: '/cookies',
      labels: { en: 'List of cookies', nb: 'Liste over informasjonskapsler' },
      placement: 'footer',
      order: 90,
    });
  }
}
