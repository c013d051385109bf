import { Body, Controller, Get, Inject, Optional, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, Public } from '../../core/auth/auth.decorators';
import { Clock } from '../../core/clock/clock';
import { DomainError } from '../../core/errors/domain-error';
import { CsrfService } from '../../core/http/csrf.service';
import { StrictRateLimit } from '../../core/http/rate-limit';
import { PageLocale, pageLocale } from '../../core/http/views/locale';
import { pageFrame } from '../../core/http/views/page-frame';
import { AssignDto, CompleteRequestDto, NoteDto, QueueQueryDto, ReasonDto, RequestFormDto, TokenDto } from './dto/requests.dto';
import { RequestActionsService } from './request-actions.service';
import { queueFilter, requestView } from './request-view';
import { RequestsService } from './requests.service';
import { REQUEST_STATUSES } from './requests.types';
import { accessPage, MESSAGES, messagePage, newRequestPage, queuePage, requestPage, statusPage, TYPES, verifyPage } from './views/requests.pages';

const html = (res: Response, status: number, body: string) => res.status(status).type('html').setHeader('Cache-Control', 'no-store').send(body);

/** The desk's pages: the public form, verification, status and access pages, and the agent console. */
@ApiExcludeController()
@Controller()
export class RequestsPagesController {
  constructor(
    private readonly requests: RequestsService,
    private readonly actions: RequestActionsService,
    private readonly clock: Clock,
    @Optional() @Inject(CsrfService) private readonly csrf: CsrfService | undefined,
  ) {}

  private frame(req: Request, res: Response, titleKey: string, current?: string, posted?: PageLocale) {
    const lang: PageLocale = posted ?? pageLocale(req, req.account?.locale);
    const csrf = this.csrf?.token(req, res) ?? '';
    return { ...pageFrame(req, { lang, messages: MESSAGES[lang], titleKey, current, csrf, signedIn: !!req.account }), lang, csrf };
  }

  @Public()
  @Get('requests/new')
  form(@Req() req: Request, @Res() res: Response) {
    const me = req.account;
    const f = this.frame(req, res, 'new.title', 'requests-new');
    html(res, 200, newRequestPage({ ...f, types: TYPES, email: me?.emailVerified ? me.email : undefined, locked: !!me?.emailVerified }));
  }

  @Public()
  @StrictRateLimit()
  @Post('requests/new')
  async submit(@Req() req: Request, @Res() res: Response, @Body() dto: RequestFormDto) {
    const { _csrf, ...input } = dto;
    void _csrf;
    const me = req.account;
    // The form carries its page's language (a POST has no ?lang=)
    const f = this.frame(req, res, 'sent.title', 'requests-new', input.locale);
    try {
      const r = await this.requests.intake(input, {
        channel: me ? 'profile' : 'web',
        ip: req.ip,
        account: me ? { id: me.id, email: me.email, emailVerified: me.emailVerified, subjectId: me.subjectId, locale: me.locale } : undefined,
      });
      html(res, 202, messagePage({ ...f, heading: 'sent.title', body: r.status === 'awaiting_verification' ? 'sent.body' : 'verify.done' }));
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind === 'unavailable') throw e;
      html(res, e.kind === 'too_many' ? 429 : 400, newRequestPage({ ...f, titleKey: 'new.title', types: TYPES, error: e.message, email: input.email }));
    }
  }

  @Public()
  @Get('requests/verify')
  verifyForm(@Req() req: Request, @Res() res: Response, @Query('token') token?: string) {
    html(res, 200, verifyPage({ ...this.frame(req, res, 'verify.title'), token: typeof token === 'string' ? token : '' }));
  }

  @Public()
  @StrictRateLimit()
  @Post('requests/verify')
  async verifyPost(@Req() req: Request, @Res() res: Response, @Body() dto: TokenDto) {
    const f = this.frame(req, res, 'verify.title');
    try {
      await this.requests.verify(dto.token, req.ip);
      html(res, 200, messagePage({ ...f, heading: 'verify.title', body: 'verify.done' }));
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind !== 'gone') throw e;
      html(res, 410, messagePage({ ...f, heading: 'verify.title', body: 'verify.bad' }));
    }
  }

  @Public()
  @StrictRateLimit()
  @Get('requests/status')
  async status(@Req() req: Request, @Res() res: Response, @Query('token') token?: string) {
    const f = this.frame(req, res, 'status.title');
    try {
      const r = requestView(await this.requests.byStatusToken(typeof token === 'string' ? token : ''));
      html(
        res,
        200,
        statusPage({
          ...f,
          r,
          due: this.requests.day(r.dueAt ? new Date(r.dueAt) : undefined, f.lang),
          token: String(token),
          open: ['awaiting_verification', 'verified', 'in_progress'].includes(r.status),
        }),
      );
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind !== 'gone') throw e;
      html(res, 410, messagePage({ ...f, heading: 'status.title', body: 'verify.bad' }));
    }
  }

  @Public()
  @StrictRateLimit()
  @Post('requests/status/cancel')
  async cancel(@Res() res: Response, @Body() dto: TokenDto) {
    await this.requests.cancel(dto.token);
    res.redirect(303, `/requests/status?token=${encodeURIComponent(dto.token)}`);
  }

  @Public()
  @Get('requests/access')
  accessForm(@Req() req: Request, @Res() res: Response, @Query('token') token?: string) {
    html(res, 200, accessPage({ ...this.frame(req, res, 'access.title'), token: typeof token === 'string' ? token : '' }));
  }

  @Public()
  @StrictRateLimit()
  @Post('requests/access')
  async accessOpen(@Req() req: Request, @Res() res: Response, @Body() dto: TokenDto) {
    const f = this.frame(req, res, 'access.title');
    try {
      const doc = await this.actions.accessExport(dto.token);
      html(res, 200, accessPage({ ...f, token: '', json: JSON.stringify(doc, null, 2) }));
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind !== 'gone') throw e;
      html(res, 410, messagePage({ ...f, heading: 'access.title', body: 'verify.bad' }));
    }
  }

  @Authenticated({ roles: ['agent'] })
  @Get('agent/requests')
  async queue(@Req() req: Request, @Res() res: Response, @Query() q: QueueQueryDto) {
    const now = this.clock.now();
    const f = this.frame(req, res, 'agent.title', 'agent-requests');
    const [list, counts] = await Promise.all([
      this.requests.page(queueFilter({ ...q, status: q.status || undefined, type: q.type || undefined, assignee: q.assignee || undefined }, now)),
      this.requests.counts(),
    ]);
    const items = list.rows.map((r) => ({ ...requestView(r), due: r.dueAt ? this.requests.day(r.dueAt, f.lang) : '–', overdue: !!r.dueAt && r.dueAt < now }));
    html(
      res,
      200,
      queuePage({
        ...f,
        items,
        counts,
        q: { status: q.status, type: q.type, due: q.due, assignee: q.assignee },
        statuses: [...REQUEST_STATUSES],
        types: TYPES,
      }),
    );
  }

  @Authenticated({ roles: ['agent'] })
  @Get('agent/requests/:id')
  async show(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('notice') notice?: string) {
    const r = requestView(await this.requests.get(id));
    const f = this.frame(req, res, 'req.title', 'agent-requests');
    const due = r.dueAt ? new Date(r.dueAt) : undefined;
    html(
      res,
      200,
      requestPage({
        ...f,
        r,
        due: this.requests.day(due, f.lang),
        overdue: !!due && due < this.clock.now(),
        open: ['verified', 'in_progress'].includes(r.status),
        notice: notice === 'done' ? 'done' : undefined,
      }),
    );
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/complete')
  async complete(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() dto: CompleteRequestDto) {
    await this.actions.complete(id, req.account!.subjectId, { changes: dto.changes as Record<string, unknown> | undefined, referTo: dto.referTo });
    res.redirect(303, `/agent/requests/${encodeURIComponent(id)}?notice=done`);
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/start')
  async start(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() _dto: AssignDto) {
    await this.requests.start(id, req.account!.subjectId);
    res.redirect(303, `/agent/requests/${encodeURIComponent(id)}?notice=done`);
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/extend')
  async extend(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() dto: ReasonDto) {
    await this.requests.extend(id, req.account!.subjectId, dto.reason, dto.months);
    res.redirect(303, `/agent/requests/${encodeURIComponent(id)}?notice=done`);
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/reject')
  async reject(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() dto: ReasonDto) {
    await this.requests.reject(id, req.account!.subjectId, dto.reason);
    res.redirect(303, `/agent/requests/${encodeURIComponent(id)}?notice=done`);
  }

  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/notes')
  async note(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() dto: NoteDto) {
    await this.requests.note(id, req.account!.subjectId, dto.text);
    res.redirect(303, `/agent/requests/${encodeURIComponent(id)}`);
  }
}
