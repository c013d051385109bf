import { Controller, Delete, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowStatus, CurrentAccount } from '../../core/auth/auth.decorators';
import type { Account } from '../accounts/account.types';
import { TerminationResponseDto } from './dto/profile-response.dto';
import { AccountClosingService } from './account-closing.service';
import { RequireRecentAuth } from './recent-auth.guard';

/** Closing your own account, and changing your mind during the grace period. */
@ApiTags('profile')
@Controller('api/account/termination')
export class AccountTerminationController {
  constructor(private readonly closing: AccountClosingService) {}

  @Post()
  @HttpCode(200)
  @RequireRecentAuth()
  @ApiOperation({
    summary: 'Close your account',
    description:
      'Status becomes terminated, purgeAfter = terminatedAt + RETENTION_DAYS, a confirmation email goes out and every other session ends; this session stays, restricted to cancelling. Needs a sign-in within 5 minutes (401 REAUTH_REQUIRED).',
  })
  @ApiResponse({ status: 200, type: TerminationResponseDto })
  async terminate(@CurrentAccount() me: Account, @Req() req: Request): Promise<TerminationResponseDto> {
    const { terminatedAt, purgeAfter } = await this.closing.close(me, req);
    return { terminatedAt: terminatedAt.toISOString(), purgeAfter: purgeAfter.toISOString() };
  }

  @Delete()
  @HttpCode(204)
  @AllowStatus('terminated')
  @ApiOperation({ summary: 'Cancel closing your account during the grace period', description: 'The account is active again.' })
  @ApiNoContentResponse()
  async cancel(@CurrentAccount() me: Account): Promise<void> {
    await this.closing.cancel(me);
  }
}
