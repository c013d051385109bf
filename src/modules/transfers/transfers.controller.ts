import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, Public } from '../../core/auth/auth.decorators';
import { SkipOriginCheck } from '../../core/http/skip-origin-check.decorator';
import { ApiKeyGuard, ApiKeyRequest } from './api-key.guard';
import { ListTransfersQuery, RecordTransferDto } from './dto/transfer.dto';
import { TransfersService } from './transfers.service';

/** Internal systems record disclosures (API key); admins read the log. */
@ApiTags('transfers')
@Controller('api')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post('transfers')
  @Public()
  @SkipOriginCheck()
  @UseGuards(ApiKeyGuard)
  @ApiBearerAuth('api-key')
  @ApiUnauthorizedResponse({ description: 'No, an unknown or a revoked API key (INVALID_API_KEY)' })
  @ApiBadRequestResponse({
    description: 'Bad input, categories the recipient is not registered for (CATEGORIES_NOT_AGREED), subject ids that name no account (UNKNOWN_SUBJECTS)',
  })
  @ApiOperation({ summary: 'Record a disclosure to a recipient (internal systems; the same idempotencyKey again records nothing new)' })
  async record(@Req() req: ApiKeyRequest, @Body() body: RecordTransferDto, @Res({ passthrough: true }) res: Response) {
    const { id, replayed } = await this.transfers.record(req.apiSystem!.system, body);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return { id };
  }

  @Get('admin/transfers')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'The transfer log, newest first; filter by recipientId, category, from, to; page with ?before=<seq>' })
  async list(@Query() q: ListTransfersQuery) {
    const items = await this.transfers.list({
      recipientId: q.recipientId,
      category: q.category,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      beforeSeq: q.before ? Number(q.before) : undefined,
      limit: 100,
    });
    return {
      items: items.map((e) => ({ seq: e.seq, id: e.key?.startsWith('t:') ? e.key.slice(2) : e.key, at: new Date(e.at).toISOString(), ...e.body })),
      next: items.length === 100 ? String(items[items.length - 1].seq) : null,
    };
  }
}
