import { Controller, Delete, Get, HttpCode, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Account } from '../accounts/account.types';
import { AllowStatus, Authenticated, CurrentAccount } from '../../core/auth/auth.decorators';
import { ProviderParam } from './dto/provider.param';
import { IdentityService } from './identity.service';

/** The signed-in account and its ways in. */
@ApiTags('me')
@Controller('api')
export class MeController {
  constructor(private readonly identity: IdentityService) {}

  @Get('me')
  @AllowStatus('terminated')
  @ApiOperation({ summary: 'The signed-in account: { id (its subject id), email, roles, status }' })
  me(@CurrentAccount() account: Account) {
    return { id: account.subjectId, email: account.email ?? null, roles: account.roles, status: account.status };
  }

  @Get('identities')
  @ApiOperation({ summary: 'Providers linked to the signed-in account (no tokens)' })
  async list(@CurrentAccount() account: Account) {
    const items = await this.identity.list(account.id);
    return { items: items.map((i) => ({ provider: i.provider, email: i.email ?? null, linkedAt: i.linkedAt, lastSignInAt: i.lastSignInAt ?? null })) };
  }

  @Delete('identities/:provider')
  @HttpCode(204)
  @Authenticated({ recentAuth: true })
  @ApiOperation({
    summary: 'Unlinks a provider (409 when it is the last way in)',
    description: 'Needs a step-up sign-in within 5 minutes (401 REAUTH_REQUIRED); ends your other sessions and sends a notice to your verified address.',
  })
  async unlink(@CurrentAccount() account: Account, @Param() p: ProviderParam, @Req() req: Request) {
    await this.identity.unlink(account, p.provider, { keepSessionId: req.sessionID, userAgent: req.headers['user-agent'] });
  }
}
