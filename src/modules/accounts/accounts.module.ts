import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit.module';
import { AccountsController } from './accounts.controller';
import { AccountsPersonalData } from './accounts.personal-data';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { GrantRoleCommand } from './cli/grant-role.command';
import { AccountDoc, AccountSchema } from './schemas/account.schema';

@Module({
  controllers: [AccountsController],
  imports: [MongooseModule.forFeature([{ name: AccountDoc.name, schema: AccountSchema }]), AuditModule],
  providers: [AccountsRepository, AccountsService, AccountsPersonalData, GrantRoleCommand],
  exports: [AccountsService],
})
export class AccountsModule {}
