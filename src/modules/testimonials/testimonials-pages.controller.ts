import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowStatus, CurrentAccount, Public, Roles } from '../../core/auth/auth.decorators';
import { DomainError } from '../../core/errors/domain-error';
import { StrictRateLimit } from '../../core/http/rate-limit';
import type { Account } from '../accounts/account.types';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AgentActionParam, CreateTestimonialDto, TestimonialIdParam } from './dto/testimonial.dto';
import { sendRevalidated } from './feed-etag';
import { DisplayField, DISPLAY_FIELDS } from './schemas/testimonial.schema';
import { TestimonialsPagesService } from './testimonials-pages.service';
import { TestimonialsService } from './testimonials.service';
import { agentDetailPage, agentListPage, consentPage, embedFragment, messagePage, minePage, withdrawPage } from './views/testimonial.pages';

type FormBody = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined): DisplayField[] =>
  (Array.isArray(v) ? v : v ? [v] : []).filter((f): f is DisplayField => (DISPLAY_FIELDS as readonly string[]).includes(f));
const html = (res: Response, status: number, body: string) => {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(body);
};
/**
 * The link pages are used without a session (so without a CSRF token bound to one): their forms are
 * accepted on our Origin. Under the frame's `no-referrer` policy a browser sends `Origin: null`; these
 * pages send the referrer to our own origin only, so the form's POST carries our Origin and the token
 * in the URL still never leaves the site.
 */
const sameOriginReferrer = (res: Response) => res.setHeader('Referrer-Policy', 'same-origin');
const LINK_CODES = ['CONSENT_LINK_INVALID', 'CONSENT_LINK_EXPIRED', 'TESTIMONIAL_NOT_FOUND', 'TESTIMONIAL_STATE'];

/** The customer's decision pages (email link and My Profile), the agent pages, and the embeddable fragment. */
@ApiExcludeController()
@Controller()
export class TestimonialsPagesController {
  constructor(
    private readonly testimonials: TestimonialsService,
    private readonly pages: TestimonialsPagesService,
  ) {}

  private linkProblem(req: Request, res: Response, err: unknown): void {
    if (err instanceof DomainError && LINK_CODES.includes(err.code))
      return html(
        res,
        err.kind === 'gone' ? 410 : 404,
        this.pages.render(req, res, messagePage, 'consent.title', { messageKey: 'consent.linkInvalid', warn: true }),
      );
    throw err;
  }

  // ---- the email's links (anyone holding the token) ----

  @Public()
  @StrictRateLimit()
  @Get('testimonials/:id/consent')
  async consentPage(@Req() req: Request, @Res() res: Response, @Param() p: TestimonialIdParam, @Query('token') token?: string): Promise<void> {
    try {
      const { t } = await this.testimonials.forCustomer(p.id, { token: typeof token === 'string' ? token : '' }, 'request');
      sameOriginReferrer(res);
      html(
        res,
        200,
        this.pages.render(req, res, consentPage, 'consent.title', {
          ...this.pages.quote(t, DISPLAY_FIELDS),
          id: p.id,
          token,
          action: `/testimonials/${p.id}/consent`,
          fields: this.pages.fields(req, t),
        }),
      );
    } catch (err) {
      this.linkProblem(req, res, err);
    }
  }

  @Public()
  @StrictRateLimit()
  @Post('testimonials/:id/consent')
  async consent(@Req() req: Request, @Res() res: Response, @Param() p: TestimonialIdParam, @Body() body: FormBody): Promise<void> {
    try {
      const decision = one(body.decision) === 'grant' ? 'grant' : 'decline';
      const t = await this.testimonials.decide(p.id, { token: one(body.token) }, decision, many(body.show));
      html(
        res,
        200,
        this.pages.render(req, res, messagePage, 'consent.title', {
          messageKey: decision === 'grant' ? 'consent.granted' : t.status === 'withdrawn' ? 'consent.withdrawnDone' : 'consent.declined',
          receiptId: t.consent?.receiptId,
        }),
      );
    } catch (err) {
      this.linkProblem(req, res, err);
    }
  }

  @Public()
  @StrictRateLimit()
  @Get('testimonials/:id/withdraw')
  async withdrawPage(@Req() req: Request, @Res() res: Response, @Param() p: TestimonialIdParam, @Query('token') token?: string): Promise<void> {
    try {
      const { t } = await this.testimonials.forCustomer(p.id, { token: typeof token === 'string' ? token : '' }, 'withdraw');
      sameOriginReferrer(res);
      html(
        res,
        200,
        this.pages.render(req, res, withdrawPage, 'withdraw.title', {
          ...this.pages.quote(t, t.consent?.scope ?? DISPLAY_FIELDS),
          action: `/testimonials/${p.id}/withdraw`,
          token,
        }),
      );
    } catch (err) {
      this.linkProblem(req, res, err);
    }
  }

  @Public()
  @StrictRateLimit()
  @Post('testimonials/:id/withdraw')
  async withdraw(@Req() req: Request, @Res() res: Response, @Param() p: TestimonialIdParam, @Body() body: FormBody): Promise<void> {
    try {
      await this.testimonials.withdraw(p.id, { token: one(body.token) });
      html(res, 200, this.pages.render(req, res, messagePage, 'withdraw.title', { messageKey: 'consent.withdrawnDone' }));
    } catch (err) {
      this.linkProblem(req, res, err);
    }
  }

  // ---- the embeddable fragment ----

  @Public()
  @Get('testimonials/embed')
  async embed(@Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = this.pages.lang(req);
    const body = embedFragment(lang, this.pages.messages(req)['embed.title'], await this.testimonials.feed());
    // An iframe on the marketing site: framing allowed, nothing else loads.
    res.removeHeader('X-Frame-Options');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *");
    sendRevalidated(req, res, 'html', body, 'Accept-Language');
  }

  // ---- My Profile: my testimonials ----

  @Get('profile/testimonials')
  @AllowStatus('terminated')
  async mine(@CurrentAccount() me: Account, @Req() req: Request, @Res() res: Response, @Query('notice') notice?: string): Promise<void> {
    const { testimonials, records } = await this.testimonials.mine(me);
    const items = testimonials
      .filter((t) => t.status !== 'draft')
      .map((t) => ({
        ...this.pages.quote(t, t.consentState === 'granted' && t.consent ? t.consent.scope : DISPLAY_FIELDS),
        id: String(t._id),
        status: t.status,
        statusKey: `status.${t.status}`,
        decide: me.status === 'active' && (t.status === 'consent_requested' || (!!t.takedownDueAt && t.consentState === 'granted')),
        canWithdraw: me.status === 'active' && ['consent_requested', 'consented', 'published'].includes(t.status),
        fields: this.pages.fields(req, t),
      }));
    const notices: Record<string, string> = { granted: 'consent.granted', declined: 'consent.declined', withdrawn: 'consent.withdrawnDone' };
    html(
      res,
      200,
      this.pages.render(
        req,
        res,
        minePage,
        'mine.title',
        { items, records: this.pages.recordRows(req, records), notice: typeof notice === 'string' ? notices[notice] : undefined },
        'testimonials-mine',
      ),
    );
  }

  @Post('profile/testimonials/:id/consent')
  async decideMine(@CurrentAccount() me: Account, @Res() res: Response, @Param() p: TestimonialIdParam, @Body() body: FormBody): Promise<void> {
    const decision = one(body.decision) === 'grant' ? 'grant' : 'decline';
    const t = await this.testimonials.decide(p.id, { account: me }, decision, many(body.show));
    res.redirect(303, `/profile/testimonials?notice=${decision === 'grant' ? 'granted' : t.status === 'withdrawn' ? 'withdrawn' : 'declined'}`);
  }

  @Post('profile/testimonials/:id/withdraw')
  async withdrawMine(@CurrentAccount() me: Account, @Res() res: Response, @Param() p: TestimonialIdParam): Promise<void> {
    await this.testimonials.withdraw(p.id, { account: me });
    res.redirect(303, '/profile/testimonials?notice=withdrawn');
  }

  // ---- agent pages ----

  @Get('agent/testimonials')
  @Roles('agent')
  async agentList(@Req() req: Request, @Res() res: Response, @Query('error') error?: string): Promise<void> {
    const items = (await this.testimonials.list({})).map((t) => ({
      id: String(t._id),
      quote: t.quote,
      name: t.display.name,
      status: t.status,
      statusKey: `status.${t.status}`,
    }));
    html(
      res,
      200,
      this.pages.render(
        req,
        res,
        agentListPage,
        'agent.title',
        { items, error: typeof error === 'string' && /^[A-Z_]{3,40}$/.test(error) ? error : undefined },
        'testimonials-agent',
      ),
    );
  }

  @Post('agent/testimonials')
  @Roles('agent')
  async agentCreate(@CurrentAccount() me: Account, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    try {
      const dto = plainToInstance(CreateTestimonialDto, {
        subjectId: one(body.subjectId),
        quote: one(body.quote),
        display: { name: one(body.name), jobTitle: one(body.jobTitle) || undefined, company: one(body.company) || undefined },
        materialConnection: one(body.materialConnection) || undefined,
      });
      if ((await validate(dto)).length) return res.redirect(303, '/agent/testimonials?error=INVALID_INPUT');
      const t = await this.testimonials.draft(me, dto);
      res.redirect(303, `/agent/testimonials/${String(t._id)}`);
    } catch (err) {
      if (err instanceof DomainError) return res.redirect(303, `/agent/testimonials?error=${err.code}`);
      throw err;
    }
  }

  @Get('agent/testimonials/:id')
  @Roles('agent')
  async agentDetail(
    @Req() req: Request,
    @Res() res: Response,
    @Param() p: TestimonialIdParam,
    @Query('notice') notice?: string,
    @Query('error') error?: string,
  ): Promise<void> {
    const t = await this.testimonials.get(p.id);
    const records = await this.testimonials.consentRecords(p.id);
    html(
      res,
      200,
      this.pages.render(
        req,
        res,
        agentDetailPage,
        'agent.detail',
        {
          ...this.pages.quote(t, t.consentState === 'granted' && t.consent ? t.consent.scope : DISPLAY_FIELDS),
          id: p.id,
          status: t.status,
          statusKey: `status.${t.status}`,
          textSha256: t.textSha256,
          textVersion: t.textVersion,
          notice: notice ? 'done' : undefined,
          error: typeof error === 'string' && /^[A-Z_]{3,40}$/.test(error) ? error : undefined,
          records: this.pages.recordRows(req, records),
        },
        'testimonials-agent',
      ),
    );
  }

  @Post('agent/testimonials/:id/:action')
  @Roles('agent')
  async agentAction(@CurrentAccount() me: Account, @Res() res: Response, @Param() p: AgentActionParam): Promise<void> {
    const action = p.action;
    const run: Record<string, () => Promise<unknown>> = {
      'consent-request': () => this.testimonials.requestConsent(me, p.id),
      publish: () => this.testimonials.publish(me, p.id),
      remove: () => this.testimonials.remove(me, p.id),
      withdraw: () => this.testimonials.withdrawForCustomer(me, p.id),
    };
    try {
      await run[action]();
      res.redirect(303, `/agent/testimonials/${p.id}?notice=done`);
    } catch (err) {
      if (err instanceof DomainError && err.kind !== 'not_found') return res.redirect(303, `/agent/testimonials/${p.id}?error=${err.code}`);
      throw err;
    }
  }
}
