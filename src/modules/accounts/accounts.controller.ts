import { Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowStatus, Authenticated, CurrentAccount, Roles } from '../../core/auth/auth.decorators';
import { AccountsService } from './accounts.service';
import { RoleParams } from './dto/role-params.dto';
import type { Account } from './schemas/account.schema';

/** Admin: grant and revoke the agent and admin roles. Accounts are named by subject id. */
@ApiTags('admin')
@Roles('admin')
@AllowStatus()
@Controller('api/admin/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Put(':subjectId/roles/:role')
  @Authenticated({ roles: ['admin'], recentAuth: true })
  @ApiOperation({
    summary: 'Grant a role (agent or admin)',
    description: 'Needs a step-up sign-in within 5 minutes (401 REAUTH_REQUIRED). The person is told at their verified address.',
  })
  async grant(@Param() p: RoleParams, @CurrentAccount() me: Account) {
    const a = await this.accounts.grantRoleBySubjectId(p.subjectId, p.role, me.subjectId);
    return { subjectId: a.subjectId, roles: a.roles };
  }

  @Delete(':subjectId/roles/:role')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'], recentAuth: true })
  @ApiOperation({
    summary: 'Revoke a role (agent or admin)',
    description: 'Needs a step-up sign-in within 5 minutes (401 REAUTH_REQUIRED). The person is told at their verified address.',
  })
  async revoke(@Param() p: RoleParams, @CurrentAccount() me: Account) {
    const a = await this.accounts.revokeRoleBySubjectId(p.subjectId, p.role, me.subjectId);
    return { subjectId: a.subjectId, roles: a.roles };
  }
}
