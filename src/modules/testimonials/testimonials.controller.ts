import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../core/auth/auth.decorators';
import { UnauthenticatedError } from '../../core/errors/domain-error';
import { StrictRateLimit } from '../../core/http/rate-limit';
import type { Account } from '../accounts/account.types';
import { ConsentDecisionDto, TestimonialIdParam, WithdrawDto } from './dto/testimonial.dto';
import { sendRevalidated } from './feed-etag';
import { CustomerProof, TestimonialsService } from './testimonials.service';

/** The customer's proof: the link's token when given, else their session. */
export function proofOf(req: Request, token: string | undefined): CustomerProof {
  if (token) return { token };
  const account = req.account as Account | undefined;
  if (!account) throw new UnauthenticatedError('UNAUTHENTICATED', 'Sign in, or use the link from the email.');
  return { account };
}

/** The customer's decisions (signed in, or with the emailed link) and the public feed. */
@ApiTags('testimonials')
@Controller('api')
export class TestimonialsController {
  constructor(private readonly testimonials: TestimonialsService) {}

  @Public()
  @StrictRateLimit()
  @Post('testimonials/:id/consent')
  @HttpCode(200)
  @ApiOperation({ summary: 'Grant (with the display fields that may be shown) or decline; signed in as the customer or with the link token' })
  async consent(@Req() req: Request, @Param() p: TestimonialIdParam, @Body() body: ConsentDecisionDto) {
    const t = await this.testimonials.decide(p.id, proofOf(req, body.token), body.decision, body.show);
    return { id: p.id, status: t.status, receiptId: body.decision === 'grant' ? t.consent?.receiptId : undefined };
  }

  @Public()
  @StrictRateLimit()
  @Post('testimonials/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw consent: gone from the public feed on the very next request' })
  async withdraw(@Req() req: Request, @Param() p: TestimonialIdParam, @Body() body: WithdrawDto) {
    const t = await this.testimonials.withdraw(p.id, proofOf(req, body.token));
    return { id: p.id, status: t.status };
  }

  @Public()
  @Get('public/testimonials')
  @ApiOperation({ summary: 'Published testimonials with a live consent: only the fields the consent allows, with the disclosure' })
  async feed(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendRevalidated(req, res, 'json', JSON.stringify(await this.testimonials.feed()));
  }
}
