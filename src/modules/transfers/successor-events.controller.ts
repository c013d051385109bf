import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentAccount } from '../../core/auth/auth.decorators';
import type { Account } from '../accounts/account.types';
import { CreateSuccessorEventDto, EventIdParam } from './dto/successor-event.dto';
import { SuccessorEvent } from './successor-events.repository';
import { SuccessorEventsService } from './successor-events.service';

const view = (e: SuccessorEvent) => ({
  id: e.id,
  recipientId: e.recipientId,
  effectiveAt: new Date(e.effectiveAt).toISOString(),
  categories: e.categories,
  status: e.status,
  notified: e.notified,
  announcedAt: e.announcedAt ? new Date(e.announcedAt).toISOString() : null,
  transferredAt: e.transferredAt ? new Date(e.transferredAt).toISOString() : null,
  transferredCount: e.transferredCount ?? null,
});

/** Successor events (admin): record the successor, the date and the categories; everyone affected is told. */
@ApiTags('transfers (admin)')
@Authenticated({ roles: ['admin'] })
@Controller('api/admin/successor-events')
export class SuccessorEventsController {
  constructor(private readonly events: SuccessorEventsService) {}

  @Post()
  @ApiOperation({ summary: 'Record a merger, acquisition or asset sale: every active account is emailed once and sees a banner until acknowledged' })
  async create(@CurrentAccount() me: Account, @Body() body: CreateSuccessorEventDto) {
    const e = await this.events.create(body, me.subjectId);
    return { id: e.id };
  }

  @Get()
  @ApiOperation({ summary: 'Successor events, newest first, with the fan-out’s progress' })
  async list() {
    return { items: (await this.events.list()).map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One successor event' })
  async get(@Param() p: EventIdParam) {
    return view(await this.events.get(p.id));
  }
}

/** The signed-in person's side: who received my data, who was told, and the successor banner. */
@ApiTags('transfers')
@Authenticated()
@Controller('api')
export class MyTransfersController {
  constructor(private readonly events: SuccessorEventsService) {}

  @Get('successor-notices')
  @ApiOperation({ summary: 'Successor notices you have not acknowledged (shown as a banner)' })
  async pending(@CurrentAccount() me: Account) {
    return { items: await this.events.pendingFor(me.subjectId) };
  }

  @Post('successor-notices/:id/acknowledge')
  @HttpCode(204)
  @ApiOperation({ summary: 'Acknowledge a successor notice (the banner goes away)' })
  async acknowledge(@CurrentAccount() me: Account, @Param() p: EventIdParam) {
    await this.events.acknowledge(p.id, me.subjectId);
  }
}
