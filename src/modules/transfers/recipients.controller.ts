import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentAccount } from '../../core/auth/auth.decorators';
import type { Account } from '../accounts/account.types';
import { CreateRecipientDto, ListRecipientsQuery, RecipientIdParam, UpdateRecipientDto } from './dto/recipient.dto';
import { toRecipientView } from './recipient.view';
import { RecipientsService } from './recipients.service';

/** The recipients registry (admin). */
@ApiTags('transfers (admin)')
@Authenticated({ roles: ['admin'] })
@Controller('api/admin/recipients')
export class RecipientsController {
  constructor(private readonly recipients: RecipientsService) {}

  @Post()
  @ApiOperation({ summary: 'Register a recipient: group company, subcontractor, successor or authority (with its legal reference)' })
  async create(@CurrentAccount() me: Account, @Body() body: CreateRecipientDto) {
    const r = await this.recipients.create(body, me.subjectId);
    return { id: r.id };
  }

  @Get()
  @ApiOperation({ summary: 'Recipients, newest first (page with ?before=<last id>)' })
  async list(@Query() q: ListRecipientsQuery) {
    const items = await this.recipients.list({ kind: q.kind, before: q.before });
    return { items: items.map((r) => toRecipientView(r, this.recipients.isActive(r))), next: items.length === 100 ? items[items.length - 1].id : null };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One recipient' })
  async get(@Param() p: RecipientIdParam) {
    const r = await this.recipients.get(p.id);
    return toRecipientView(r, this.recipients.isActive(r));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a recipient (send the version read; 409 RECIPIENT_CHANGED on a concurrent edit)' })
  async update(@CurrentAccount() me: Account, @Param() p: RecipientIdParam, @Body() body: UpdateRecipientDto) {
    const r = await this.recipients.update(p.id, body, me.subjectId);
    return toRecipientView(r, this.recipients.isActive(r));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the active period now: no new transfers to it; its history stays' })
  async deactivate(@CurrentAccount() me: Account, @Param() p: RecipientIdParam) {
    const r = await this.recipients.deactivate(p.id, me.subjectId);
    return toRecipientView(r, this.recipients.isActive(r));
  }
}
