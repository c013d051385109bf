import { Body, Controller, Get, Inject, Optional, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../core/auth/auth.decorators';
import { Clock } from '../../core/clock/clock';
import { CsrfService } from '../../core/http/csrf.service';
import { pageLocale } from '../../core/http/views/locale';
import { pageFrame } from '../../core/http/views/page-frame';
import { compileView } from '../../core/http/views/view-engine';
import { QUEUES_DASHBOARD_MESSAGES } from './queues-dashboard.messages';
import { DASHBOARD_PATH, RETRY_CONFIRM_PATH, RETRY_DASHBOARD_PATH, RETRY_WINDOW_MINUTES } from './queues-dashboard.paths';
import './queues-dashboard.session';

const confirmView = compileView<{ error?: string; minutes: number; path: string; back: string }>(`
<h1>{{t "retry.title"}}</h1>
<section class="card">
  <p>{{t "retry.lead" minutes=minutes path=path}}</p>
  <p>{{t "retry.warning"}}</p>
  <form method="post" action="${RETRY_CONFIRM_PATH}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    {{#if error}}<p class="error" role="alert" id="confirm-error">{{t error}}</p>{{/if}}
    <div class="check"><input type="checkbox" id="confirm-retry" name="confirm" value="yes"><label for="confirm-retry">{{t "retry.confirm"}}</label></div>
    <div class="actions"><button class="btn" type="submit">{{t "retry.submit" minutes=minutes}}</button></div>
  </form>
  <p><a href="{{back}}">{{t "retry.back"}}</a></p>
</section>
`);

/** The admin's confirmation before the queue dashboard allows retries (for RETRY_WINDOW_MINUTES). */
@ApiExcludeController()
@Roles('admin')
@Controller(RETRY_CONFIRM_PATH.slice(1))
export class QueuesDashboardController {
  constructor(
    private readonly clock: Clock,
    @Optional() @Inject(CsrfService) private readonly csrf: CsrfService | undefined,
  ) {}

  private page(req: Request, res: Response, status: number, error?: string): void {
    const lang = pageLocale(req, req.account);
    const frame = pageFrame(req, {
      lang,
      messages: QUEUES_DASHBOARD_MESSAGES[lang],
      titleKey: 'retry.title',
      csrf: this.csrf?.token(req, res),
      signedIn: true,
    });
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(confirmView({ ...frame, error, minutes: RETRY_WINDOW_MINUTES, path: RETRY_DASHBOARD_PATH, back: DASHBOARD_PATH }));
  }

  @Get()
  show(@Req() req: Request, @Res() res: Response): void {
    this.page(req, res, 200);
  }

  @Post()
  confirm(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): void {
    if (body?.confirm !== 'yes') return this.page(req, res, 400, 'retry.required');
    req.session.queueRetriesUntil = this.clock.now().getTime() + RETRY_WINDOW_MINUTES * 60_000;
    req.session.save(() => res.redirect(303, `${RETRY_DASHBOARD_PATH}`));
  }
}
