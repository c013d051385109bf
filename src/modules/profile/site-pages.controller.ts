import { Controller, Get, Inject, Optional, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { CsrfService } from '../../core/http/csrf.service';
import { sessionCookieName } from '../../core/http/configure-http';
import { Public } from '../../core/auth/auth.decorators';
import { pageLocale } from '../../core/http/views/locale';
import { pageFrame } from '../../core/http/views/page-frame';
import { PROFILE_MESSAGES, translate } from './i18n/profile.messages';
import { cookiesPage, homePage } from './views/site.pages';

/** The landing page and the list of cookies: public, no cookies set by viewing them. */
@ApiExcludeController()
@Public()
@Controller()
export class SitePagesController {
  constructor(
    @Optional() @Inject(CsrfService) private readonly csrf: CsrfService | undefined,
    private readonly config: AppConfig,
  ) {}

  private frame(req: Request, res: Response, titleKey: string, current: 'home' | 'cookies') {
    const lang = pageLocale(req, req.account);
    const signedIn = !!req.account;
    return {
      lang,
      frame: pageFrame(req, { lang, messages: PROFILE_MESSAGES[lang], titleKey, current, signedIn, csrf: signedIn ? this.csrf?.token(req, res) : undefined }),
    };
  }

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    const { frame } = this.frame(req, res, 'home.title', 'home');
    res.type('html').send(homePage({ ...frame, signedIn: !!req.account, retentionDays: this.config.retentionDays }));
  }

  @Get('cookies')
  cookies(@Req() req: Request, @Res() res: Response): void {
    const { lang, frame } = this.frame(req, res, 'cookies.title', 'cookies');
    const secure = this.config.publicBaseUrl.startsWith('https://');
    const cookies = [
      {
        name: sessionCookieName(this.config),
        purpose: translate(lang, 'cookies.sid.purpose'),
        lifetime: translate(lang, 'cookies.sid.lifetime', {
          idle: Math.round(this.config.sessions.idleTimeoutS / 60),
          hours: Math.round((this.config.sessions.absoluteLifetimeS / 3600) * 10) / 10,
        }),
      },
      { name: secure ? '__Host-rd.csrf' : 'rd.csrf', purpose: translate(lang, 'cookies.csrf.purpose'), lifetime: translate(lang, 'cookies.csrf.lifetime') },
    ];
    res.type('html').send(cookiesPage({ ...frame, cookies }));
  }
}
