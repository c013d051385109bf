import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '../../core/auth/auth.guard';
import { PrincipalLoader } from '../../core/auth/principal';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit.module';
import { AccountsController } from './accounts.controller';
import { AccountsPersonalData } from './accounts.personal-data';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { GrantRoleCommand } from './cli/grant-role.command';
import { AccountDoc, AccountSchema } from './schemas/account.schema';

/** The account aggregate, and the global AuthGuard that resolves the signed-in account on every request. */
@Module({
  controllers: [AccountsController],
  imports: [MongooseModule.forFeature([{ name: AccountDoc.name, schema: AccountSchema }]), AuditModule],
  providers: [
    AccountsRepository,
    AccountsService,
    AccountsPersonalData,
    GrantRoleCommand,
    // core/auth's guard reads accounts through this port; accounts is the only writer and reader of them.
    { provide: PrincipalLoader, useFactory: (accounts: AccountsService): PrincipalLoader => ({ findPrincipal: (id) => accounts.findById(id) }), inject: [AccountsService] },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccountsService],
})
export class AccountsModule {}
