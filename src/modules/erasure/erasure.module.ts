import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CHAIN_HEAD_MODEL, ChainHeadSchema } from '../../core/database/chain-head.schema';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { ErasureVerifyCommand } from './cli/erasure-verify.command';
import { SubjectsExportCommand } from './cli/subjects-export.command';
import { ErasureReceiptsRepository } from './erasure-receipts.repository';
import { ErasureRunsRepository } from './erasure-runs.repository';
import { ErasurePersonalData } from './erasure.personal-data';
import { ErasureJobsService } from './erasure-jobs.service';
import { ErasureMetrics } from './erasure.metrics';
import { ErasureService } from './erasure.service';
import { ERASURE_TEMPLATES } from './erasure.templates';
import { ResidueRepository } from './residue.repository';
import { ResidueSweepService } from './residue-sweep.service';
import { ResidueAuditRepository } from './residue-audit.repository';
import { ResidueAuditService } from './residue-audit.service';
import { ResidueAuditCommand } from './cli/residue-audit.command';
import { ResidueAuditDoc, ResidueAuditHashDoc, ResidueAuditHashSchema, ResidueAuditSchema } from './schemas/residue-audit.schema';
import { ERASURE_RECEIPT_MODEL, ErasureReceiptSchema } from './schemas/erasure-receipt.schema';
import { ErasureRunDoc, ErasureRunSchema } from './schemas/erasure-run.schema';
import { ErasureStepDoc, ErasureStepSchema } from './schemas/erasure-step.schema';

/**
 * The erasure engine, the one path by which anyone's data is erased (`ErasureService.eraseSubjects`):
 * every handler for a batch of people, receipts, the `erase` job, the per-batch residue verification and the full residue audit.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ErasureRunDoc.name, schema: ErasureRunSchema },
      { name: ErasureStepDoc.name, schema: ErasureStepSchema },
      { name: ERASURE_RECEIPT_MODEL, schema: ErasureReceiptSchema },
      { name: CHAIN_HEAD_MODEL, schema: ChainHeadSchema },
      { name: ResidueAuditHashDoc.name, schema: ResidueAuditHashSchema },
      { name: ResidueAuditDoc.name, schema: ResidueAuditSchema },
    ]),
    AccountsModule,
    AuditModule,
    NotificationsModule,
  ],
  providers: [
    ErasureRunsRepository,
    ErasureReceiptsRepository,
    ResidueRepository,
    ErasureMetrics,
    ErasureService,
    ErasureJobsService,
    ResidueSweepService,
    ResidueAuditRepository,
    ResidueAuditService,
    ErasurePersonalData,
    ResidueAuditCommand,
    ErasureVerifyCommand,
    SubjectsExportCommand,
  ],
  exports: [ErasureService, ErasureJobsService, ResidueSweepService, ResidueAuditService, ErasureReceiptsRepository],
})
export class ErasureModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    for (const [name, t] of Object.entries(ERASURE_TEMPLATES)) this.notifications.registerTemplate(name, t);
  }
}
