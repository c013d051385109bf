import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentAccount } from '../../core/auth/auth.decorators';
import type { Account } from '../accounts/account.types';
import {
  AgentWithdrawDto,
  CreateTestimonialDto,
  ListTestimonialsQuery,
  RecordedConsentDto,
  TestimonialIdParam,
  UpdateTestimonialDto,
} from './dto/testimonial.dto';
import type { TestimonialStatus } from './schemas/testimonial.schema';
import { toAgentView } from './testimonial.view';
import { TestimonialsService } from './testimonials.service';

/** Agents draft testimonials, ask for consent, publish and take down. */
@ApiTags('testimonials (agent)')
@Authenticated({ roles: ['agent'] })
@Controller('api/agent/testimonials')
export class TestimonialsAgentController {
  constructor(private readonly testimonials: TestimonialsService) {}

  @Post()
  @ApiOperation({ summary: 'Draft a testimonial for a customer' })
  async create(@CurrentAccount() me: Account, @Body() body: CreateTestimonialDto) {
    const t = await this.testimonials.draft(me, body);
    return { id: String(t._id), status: t.status };
  }

  @Get()
  @ApiOperation({ summary: 'List testimonials, newest first (page with ?after=<last id>)' })
  async list(@Query() q: ListTestimonialsQuery) {
    const items = await this.testimonials.list({ status: q.status as TestimonialStatus | undefined, after: q.after });
    return { items: items.map((t) => toAgentView(t)), next: items.length === 50 ? String(items[items.length - 1]._id) : null };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One testimonial with its consent records' })
  async get(@Param() p: TestimonialIdParam) {
    const t = await this.testimonials.get(p.id);
    return toAgentView(t, await this.testimonials.consentRecords(p.id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit the text, display or disclosure (needs a new consent; a published quote comes down)' })
  async edit(@CurrentAccount() me: Account, @Param() p: TestimonialIdParam, @Body() body: UpdateTestimonialDto) {
    return toAgentView(await this.testimonials.edit(me, p.id, body));
  }

  @Post(':id/consent-request')
  @HttpCode(202)
  @ApiOperation({ summary: 'Email the customer a link to a page showing the exact text and how it will appear' })
  async requestConsent(@CurrentAccount() me: Account, @Param() p: TestimonialIdParam) {
    const { testimonial, expiresAt } = await this.testimonials.requestConsent(me, p.id);
    return { id: p.id, status: testimonial.status, expiresAt };
  }

  @Post(':id/consent')
  @ApiOperation({ summary: 'Record a consent the customer gave on a recorded call' })
  async recordConsent(@CurrentAccount() me: Account, @Param() p: TestimonialIdParam, @Body() body: RecordedConsentDto) {
    const t = await this.testimonials.recordCallConsent(me, p.id, body.show, body.callReference);
    return { id: p.id, status: t.status, receiptId: t.consent?.receiptId };
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish; 409 NO_CONSENT | TEXT_CHANGED_SINCE_CONSENT | CONSENT_WITHDRAWN | CONSENT_EXPIRED unless a live consent covers the exact text',
  })
  async publish(@CurrentAccount() me: Account, @Param() p: TestimonialIdParam) {
    const t = await this.testimonials.publish(me, p.id);
    return { id: p.id, status: t.status };
  }

  @Post(':id/remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a testimonial down (consent unchanged)' })
  async remove(@CurrentAccount() me: Account, @Param() p: TestimonialIdParam) {
    const t = await this.testimonials.remove(me, p.id);
    return { id: p.id, status: t.status };
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: "Withdraw the customer's consent on their request" })
  async withdraw(@CurrentAccount() me: Account, @Param() p: TestimonialIdParam, @Body() body: AgentWithdrawDto) {
    const t = await this.testimonials.withdrawForCustomer(me, p.id, body.reference);
    return { id: p.id, status: t.status };
  }
}
