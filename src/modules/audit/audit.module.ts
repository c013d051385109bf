import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CHAIN_HEAD_MODEL, ChainHeadSchema } from '../../core/database/chain-head.schema';
import { AuditPersonalData } from './audit.personal-data';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditVerifyCommand } from './cli/audit-verify.command';
import { AUDIT_EVENT_MODEL, AuditEventSchema } from './schemas/audit-event.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AUDIT_EVENT_MODEL, schema: AuditEventSchema },
      { name: CHAIN_HEAD_MODEL, schema: ChainHeadSchema },
    ]),
  ],
  providers: [AuditRepository, AuditService, AuditPersonalData, AuditVerifyCommand],
  exports: [AuditService],
})
export class AuditModule {}
