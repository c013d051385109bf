import { Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { registerNavEntry } from '../../core/http/views/nav';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { ErasureModule } from '../erasure/erasure.module';
import { IdentityModule } from '../identity/identity.module';
import { ProfileModule } from '../profile/profile.module';
import { AgeGateGuard } from './age-gate.guard';
import { BrowserMarker } from './browser-marker';
import { MinorReportsService } from './minor-reports.service';
import { MinorsJobsService } from './minors-jobs.service';
import { MinorsPagesController } from './minors-pages.controller';
import { MinorsController } from './minors.controller';
import { MinorsMetrics } from './minors.metrics';
import { MinorsPersonalData } from './minors.personal-data';
import { MinorsRepository } from './minors.repository';
import { MinorsService } from './minors.service';
import { AGE_CHECK_MODEL, AgeCheckSchema, MINOR_BLOCK_MODEL, MINOR_REPORT_MODEL, MinorBlockSchema, MinorReportSchema } from './schemas/minors.schemas';

/**
 * Children under the age threshold (13 by default): the age screen at first sign-in, Facebook's age
 * signals, reports from the desk and from agents, removal through the erasure engine (reason `minor`,
 * no grace), the re-registration block, and the written retention policy at /children-privacy.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AGE_CHECK_MODEL, schema: AgeCheckSchema },
      { name: MINOR_BLOCK_MODEL, schema: MinorBlockSchema },
      { name: MINOR_REPORT_MODEL, schema: MinorReportSchema },
    ]),
    AccountsModule,
    AuditModule,
    ErasureModule,
    IdentityModule,
    ProfileModule,
  ],
  controllers: [MinorsController, MinorsPagesController],
  providers: [
    MinorsRepository,
    MinorsService,
    MinorReportsService,
    MinorsJobsService,
    MinorsMetrics,
    BrowserMarker,
    MinorsPersonalData,
    // After AccountsModule's AuthGuard (module order), so the account is resolved.
    { provide: APP_GUARD, useClass: AgeGateGuard },
  ],
  exports: [MinorsService],
})
export class MinorsModule implements OnModuleInit {
  onModuleInit(): void {
    registerNavEntry({
      key: 'children-privacy',
      href: '/children-privacy',
      labels: { en: 'Children’s privacy', nb: 'Barns personvern' },
      placement: 'footer',
      order: 85,
    });
    registerNavEntry({ key: 'minors-agent', href: '/agent/minors', labels: { en: 'Child reports', nb: 'Meldinger om barn' }, roles: ['agent'], order: 45 });
  }
}
