import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { BillingApiKeyGuard } from './billing-api-key.guard';
import { BillingController } from './billing.controller';
import { BillingPersonalData } from './billing.personal-data';
import { BillingRepository } from './billing.repository';
import { BillingService } from './billing.service';
import { BillingOrderDoc, BillingOrderSchema } from './schemas/billing-order.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: BillingOrderDoc.name, schema: BillingOrderSchema }]), AccountsModule, AuditModule],
  controllers: [BillingController],
  providers: [BillingRepository, BillingService, BillingApiKeyGuard, BillingPersonalData],
  exports: [BillingService],
})
export class BillingModule {}
