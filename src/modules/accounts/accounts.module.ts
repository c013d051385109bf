import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '../../core/auth/auth.guard';
import { PrincipalLoader } from '../../core/auth/principal';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit.module';
import { AccountsController } from './accounts.controller';
import { AccountsPersonalData } from './accounts.personal-data';
import { AccountsRepository } from './accounts.repository';
import { PrincipalCache } from './principal-cache';
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
    PrincipalCache,
    // Cached in Redis, forgotten on every account write (see PrincipalCache).
    {
      provide: PrincipalLoader,
      useFactory: (accounts: AccountsRepository): PrincipalLoader => ({ findPrincipal: (id) => accounts.findPrincipal(id) }),
      inject: [AccountsRepository],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccountsService],
})
export class AccountsModule {}
