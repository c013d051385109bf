import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, CurrentAccount, Public } from '../../core/auth/auth.decorators';
import type { Principal } from '../../core/auth/principal';
import { StrictRateLimit } from '../../core/http/rate-limit';
import { Clock } from '../../core/clock/clock';
import { AgentCreateRequestDto, AssignDto, CompleteRequestDto, CreateRequestDto, NoteDto, QueueQueryDto, ReasonDto, TokenDto } from './dto/requests.dto';
import { RequestActionsService } from './request-actions.service';
import { RequestsService } from './requests.service';
import { queueFilter, requestView } from './request-view';

/** The stable routes of the desk (CONTRACT.md "Data-rights requests"). */
@ApiTags('requests')
@Controller('api')
export class RequestsController {
  constructor(
    private readonly requests: RequestsService,
    private readonly actions: RequestActionsService,
    private readonly clock: Clock,
  ) {}

  @Public()
  @StrictRateLimit()
  @Post('requests')
  @HttpCode(202)
  intake(@Body() dto: CreateRequestDto, @Req() req: Request) {
    const me = req.account;
    return this.requests.intake(dto, {
      channel: me ? 'profile' : 'web',
      ip: req.ip,
      account: me ? { id: me.id, email: me.email, emailVerified: !!me.emailVerified, subjectId: me.subjectId, locale: me.locale } : undefined,
    });
  }

  @Public()
  @StrictRateLimit()
  @Post('requests/verify')
  @HttpCode(200)
  verify(@Body() dto: TokenDto, @Req() req: Request) {
    return this.requests.verify(dto.token, req.ip);
  }

  @Public()
  @StrictRateLimit()
  @Post('requests/access')
  @HttpCode(200)
  access(@Body() dto: TokenDto) {
    return this.actions.accessExport(dto.token);
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests')
  @HttpCode(202)
  enter(@Body() dto: AgentCreateRequestDto, @CurrentAccount() me: Principal) {
    const { channel, reference, ...input } = dto;
    return this.requests.intake(input, { channel, reference, agent: me.subjectId });
  }

  @Authenticated({ roles: ['agent'] })
  @Get('agent/requests')
  list(@Query() q: QueueQueryDto) {
    return this.requests.list(queueFilter(q, this.clock.now()));
  }

  @Authenticated({ roles: ['agent'] })
  @Get('agent/requests/:id')
  async get(@Param('id') id: string) {
    return requestView(await this.requests.get(id));
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/complete')
  @HttpCode(200)
  complete(@Param('id') id: string, @Body() dto: CompleteRequestDto, @CurrentAccount() me: Principal) {
    return this.actions.complete(id, me.subjectId, { changes: dto.changes as Record<string, unknown> | undefined, referTo: dto.referTo });
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/extend')
  @HttpCode(200)
  async extend(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentAccount() me: Principal) {
    const r = await this.requests.extend(id, me.subjectId, dto.reason, dto.months);
    return { status: r.status, dueAt: r.dueAt, extension: { reason: r.extension!.reason } };
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/reject')
  @HttpCode(200)
  async reject(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentAccount() me: Principal) {
    const r = await this.requests.reject(id, me.subjectId, dto.reason);
    return { status: r.status, outcome: r.outcome };
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/start')
  @HttpCode(200)
  async start(@Param('id') id: string, @CurrentAccount() me: Principal) {
    return { status: (await this.requests.start(id, me.subjectId)).status };
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/assign')
  @HttpCode(200)
  async assign(@Param('id') id: string, @Body() dto: AssignDto, @CurrentAccount() me: Principal) {
    const who = dto.assignee === 'me' ? me.subjectId : dto.assignee || null;
    return { assignee: (await this.requests.assign(id, me.subjectId, who)).assignee ?? null };
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/notes')
  @HttpCode(201)
  async note(@Param('id') id: string, @Body() dto: NoteDto, @CurrentAccount() me: Principal) {
    await this.requests.note(id, me.subjectId, dto.text);
    return { ok: true };
  }
}
