import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, CurrentAccount } from '../../core/auth/auth.decorators';
import type { Principal } from '../../core/auth/principal';
import { AccountsService } from '../accounts/accounts.service';
import { BrowserMarker } from './browser-marker';
import { AgeCheckDto, AgentReportDto, DecisionDto, ReportQueueQueryDto } from './dto/minors.dto';
import { MinorReportsService, ReportView } from './minor-reports.service';
import { AccountRefusedError } from './minors.errors';
import { MinorsService } from './minors.service';

/** Ends the request's own session too (its store entry is gone already), so nothing saves it back. */
export function endSession(req: Request): Promise<void> {
  return new Promise((resolve) => (req.session ? req.session.destroy(() => resolve()) : resolve()));
}

@ApiTags('minors')
@Controller('api')
export class MinorsController {
  constructor(
    private readonly minors: MinorsService,
    private readonly reports: MinorReportsService,
    private readonly accounts: AccountsService,
    private readonly marker: BrowserMarker,
  ) {}

  @Post('age-check')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'The age screen at first sign-in: your date of birth', description: '200 { status: "passed" }; 403 ACCOUNT_BLOCKED otherwise.' })
  async ageCheck(@CurrentAccount() me: Principal, @Body() dto: AgeCheckDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const account = await this.accounts.getById(me.id);
    const r = await this.minors.answer(account, dto, this.marker.isMarked(req));
    if (r.status === 'removed') {
      this.marker.set(res);
      await endSession(req);
      throw new AccountRefusedError();
    }
    return r;
  }

  @Get('agent/minors')
  @Authenticated({ roles: ['agent'] })
  @ApiOperation({ summary: 'The review queue of reports about children (child_report requests, agent reports)' })
  list(@Query() q: ReportQueueQueryDto): Promise<{ items: ReportView[]; next: string | null }> {
    return this.reports.list(q);
  }

  @Post('agent/minors')
  @Authenticated({ roles: ['agent'] })
  @ApiOperation({ summary: 'An agent reports an account as a child’s: { email?, subjectId?, details }' })
  report(@CurrentAccount() me: Principal, @Body() dto: AgentReportDto): Promise<ReportView> {
    return this.reports.report(me, dto);
  }

  @Post('agent/minors/:id/confirm')
  @HttpCode(200)
  @Authenticated({ roles: ['agent'] })
  @ApiOperation({ summary: 'Confirms a report: the account is suspended and removed (erasure reason minor)' })
  confirm(@CurrentAccount() me: Principal, @Param('id') id: string, @Body() dto: DecisionDto): Promise<ReportView> {
    return this.reports.confirm(id, me, dto.reason);
  }

  @Post('agent/minors/:id/dismiss')
  @HttpCode(200)
  @Authenticated({ roles: ['agent'] })
  @ApiOperation({ summary: 'Dismisses a report with a reason (recorded; an account the report suspended is restored)' })
  dismiss(@CurrentAccount() me: Principal, @Param('id') id: string, @Body() dto: DecisionDto): Promise<ReportView> {
    return this.reports.dismiss(id, me, dto.reason);
  }
}
