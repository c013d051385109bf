import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { RoleChangeListener } from './notices/role-change.listener';
import { SecurityNoticeService } from './notices/security-notice.service';
import { SECURITY_NOTICE_TEMPLATES } from './notices/security-notice.templates';
import { FacebookDeletionController } from './facebook/facebook-deletion.controller';
import { FacebookDeletionRepository } from './facebook/facebook-deletion.repository';
import { FacebookDeletionDoc, FacebookDeletionSchema } from './facebook/facebook-deletion.schema';
import { FacebookDeletionService } from './facebook/facebook-deletion.service';
import { IdentitiesRepository } from './identities.repository';
import { IdentityPersonalData } from './identity.personal-data';
import { IdentityService } from './identity.service';
import { MeController } from './me.controller';
import { OAuthProviders } from './providers/oauth-providers';
import { IdentityDoc, IdentitySchema } from './schemas/identity.schema';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInFlowService } from './sign-in-flow.service';
import { SignInController } from './sign-in.controller';

/** Sign-in with Google, Facebook and LinkedIn, sessions, linked identities. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: IdentityDoc.name, schema: IdentitySchema },
      { name: FacebookDeletionDoc.name, schema: FacebookDeletionSchema },
    ]),
    AccountsModule,
    AuditModule,
    NotificationsModule,
  ],
  controllers: [SignInController, MeController, SessionsController, FacebookDeletionController],
  providers: [
    OAuthProviders,
    IdentitiesRepository,
    IdentityService,
    SignInFlowService,
    SessionsRepository,
    SessionsService,
    FacebookDeletionRepository,
    FacebookDeletionService,
    IdentityPersonalData,
    SecurityNoticeService,
    RoleChangeListener,
  ],
  exports: [SessionsService, IdentityService, OAuthProviders, SecurityNoticeService],
})
export class IdentityModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    for (const [name, template] of Object.entries(SECURITY_NOTICE_TEMPLATES)) this.notifications.registerTemplate(name, template);
  }
}
