import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Account } from '../accounts/account.types';
import { CurrentAccount, Roles } from '../../core/auth/auth.decorators';
import { HoldIdParam, PlaceHoldDto, SubjectQuery } from './dto/legal-hold.dto';
import { LegalHoldsService } from './legal-holds.service';

@ApiTags('agent')
@Roles('agent', 'admin')
@Controller('api/agent/legal-holds')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHoldsService) {}

  @Post()
  @ApiOperation({ summary: 'Place a legal hold: the account is not purged while it is in force (audited)' })
  place(@CurrentAccount() me: Account, @Body() body: PlaceHoldDto) {
    return this.holds.place(me, body);
  }

  @Get()
  @ApiOperation({ summary: 'Legal holds of a subject' })
  async list(@Query() q: SubjectQuery) {
    return { items: await this.holds.list(q.subjectId) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Lift a legal hold (audited)' })
  lift(@CurrentAccount() me: Account, @Param() p: HoldIdParam) {
    return this.holds.lift(me, p.id);
  }
}
