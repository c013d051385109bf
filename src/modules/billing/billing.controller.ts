import { Body, Controller, Post, Req, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../core/auth/auth.decorators';
import { SkipOriginCheck } from '../../core/http/skip-origin-check.decorator';
import { BillingApiKeyGuard } from './billing-api-key.guard';
import { BillingService } from './billing.service';
import { RecordOrderDto } from './dto/record-order.dto';

/** Internal API for the billing system (per-system API key), not for browsers. */
@ApiTags('internal')
@Public()
@SkipOriginCheck()
@UseGuards(BillingApiKeyGuard)
@Controller('api/internal/billing')
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Post('orders')
  @ApiHeader({ name: 'X-Api-Key', required: true })
  @ApiOperation({ summary: 'Record a licence order / invoice from the purchase form' })
  record(@Req() req: Request & { billingSource?: string }, @Body() body: RecordOrderDto) {
    return this.billing.record(req.billingSource!, body);
  }
}
