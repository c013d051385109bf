import { Body, Controller, Get, Inject, Optional, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, CurrentAccount, Public } from '../../core/auth/auth.decorators';
import type { Principal } from '../../core/auth/principal';
import { DomainError } from '../../core/errors/domain-error';
import { CsrfService } from '../../core/http/csrf.service';
import { PageLocale, pageLocale } from '../../core/http/views/locale';
import { pageFrame, safeNext } from '../../core/http/views/page-frame';
import { AppConfig } from '../../config/app-config';
import { sessionCookieName } from '../../core/http/configure-http';
import { AccountsService } from '../accounts/accounts.service';
import { BrowserMarker, MARKER_COOKIE } from './browser-marker';
import { AgeCheckDto, DecisionDto } from './dto/minors.dto';
import { endSession } from './minors.controller';
import { MinorReportsService } from './minor-reports.service';
import { MinorsService } from './minors.service';
import { ageCheckPage, childrenPrivacyPage, MESSAGES, refusedPage, reportsPage } from './views/minors.pages';

const html = (res: Response, status: number, body: string) => res.status(status).type('html').setHeader('Cache-Control', 'no-store').send(body);

/** The age screen, the children's privacy policy, and the agents' review queue. */
@ApiExcludeController()
@Controller()
export class MinorsPagesController {
  constructor(
    private readonly minors: MinorsService,
    private readonly reports: MinorReportsService,
    private readonly accounts: AccountsService,
    private readonly marker: BrowserMarker,
    private readonly config: AppConfig,
    @Optional() @Inject(CsrfService) private readonly csrf: CsrfService | undefined,
  ) {}

  private frame(req: Request, res: Response, titleKey: string, current?: string) {
    const lang: PageLocale = pageLocale(req, req.account);
    const csrf = this.csrf?.token(req, res) ?? '';
    return { ...pageFrame(req, { lang, messages: { ...MESSAGES[lang] }, titleKey, current, csrf, signedIn: !!req.account }), lang, csrf };
  }

  @Get('age-check')
  @Authenticated()
  async ageCheck(@Req() req: Request, @Res() res: Response, @CurrentAccount() me: Principal, @Query('next') next?: string) {
    const to = safeNext(next);
    if (!(await this.minors.isPending(me.id))) return res.redirect(303, to);
    html(res, 200, ageCheckPage({ ...this.frame(req, res, 'age.title'), next: to }));
  }

  @Post('age-check')
  @Authenticated()
  async answer(@Req() req: Request, @Res() res: Response, @CurrentAccount() me: Principal, @Body() dto: AgeCheckDto) {
    const to = safeNext(dto.next);
    try {
      const r = await this.minors.answer(await this.accounts.getById(me.id), dto, this.marker.isMarked(req));
      if (r.status === 'passed') return res.redirect(303, to);
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind === 'unavailable') throw e;
      if (e.code === 'AGE_CHECK_DONE') return res.redirect(303, to);
      return html(res, 400, ageCheckPage({ ...this.frame(req, res, 'age.title'), next: to, error: true }));
    }
    const f = this.frame(req, res, 'refused.title');
    this.marker.set(res);
    await endSession(req);
    res.clearCookie(sessionCookieName(this.config), { path: '/', secure: this.config.sessions.secureCookie });
    html(res, 403, refusedPage({ ...f, signedIn: false, roles: undefined }));
  }

  @Public()
  @Get('children-privacy')
  childrenPrivacy(@Req() req: Request, @Res() res: Response) {
    const m = this.config.minors;
    const countries = Object.entries(m.ageByCountry)
      .filter(([, age]) => age > m.defaultAge)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([country, age]) => ({ country, age }));
    html(
      res,
      200,
      childrenPrivacyPage({
        ...this.frame(req, res, 'privacy.title', 'children-privacy'),
        age: m.defaultAge,
        countries,
        retentionDays: this.config.retentionDays,
        blockDays: m.blockDays,
        reportDays: m.reportDays,
        cron: m.pruneCron,
        cookie: MARKER_COOKIE,
      }),
    );
  }

  @Get('agent/minors')
  @Authenticated({ roles: ['agent'] })
  async queue(@Req() req: Request, @Res() res: Response, @Query('notice') notice?: string) {
    const { items } = await this.reports.list({ limit: 100 });
    html(res, 200, reportsPage({ ...this.frame(req, res, 'agent.title', 'minors-agent'), items, notice: notice === 'done' }));
  }

  @Post('agent/minors/:id/confirm')
  @Authenticated({ roles: ['agent'] })
  async confirm(@Res() res: Response, @CurrentAccount() me: Principal, @Param('id') id: string, @Body() dto: DecisionDto) {
    await this.reports.confirm(id, me, dto.reason);
    res.redirect(303, '/agent/minors?notice=done');
  }

  @Post('agent/minors/:id/dismiss')
  @Authenticated({ roles: ['agent'] })
  async dismiss(@Res() res: Response, @CurrentAccount() me: Principal, @Param('id') id: string, @Body() dto: DecisionDto) {
    await this.reports.dismiss(id, me, dto.reason);
    res.redirect(303, '/agent/minors?notice=done');
  }
}
