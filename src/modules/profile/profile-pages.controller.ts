import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../core/auth/auth.decorators';
import { EmailRateLimit, StrictRateLimit } from '../../core/http/rate-limit';
import { FormBodyFields } from '../../core/http/form-fields.decorator';
import { SkipOriginCheck } from '../../core/http/skip-origin-check.decorator';
import { pageLocale } from '../../core/http/views/locale';
import { safeNext } from '../../core/http/views/page-frame';
import { AllowStatus, CurrentAccount } from '../../core/auth/auth.decorators';
import { ProviderParam, SessionHandleParam } from '../identity/identity.types';
import type { Account } from '../accounts/account.types';
import { ProfileFormService } from './profile-form.service';
import { ProfilePagesService } from './profile-pages.service';
import { RequireRecentAuth } from './recent-auth.guard';
import { ReauthRedirectFilter } from './reauth-redirect.filter';
import { FormBody } from './validation/profile-form';

const html = (res: Response, status: number, body: string) => {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(body);
};

/** My Profile as server-rendered pages with plain forms (POST, then redirect to GET). */
@ApiExcludeController()
@UseFilters(ReauthRedirectFilter)
@Controller('profile')
export class ProfilePagesController {
  constructor(
    private readonly pages: ProfilePagesService,
    private readonly forms: ProfileFormService,
  ) {}

  @Get()
  @AllowStatus('terminated')
  async show(@CurrentAccount() me: Account, @Req() req: Request, @Res() res: Response, @Query('notice') notice?: string): Promise<void> {
    html(res, 200, await this.pages.profilePage(req, res, me, { notice: typeof notice === 'string' ? notice : undefined }));
  }

  @Post()
  async save(@CurrentAccount() me: Account, @Req() req: Request, @Res() res: Response, @FormBodyFields() body: FormBody): Promise<void> {
    const outcome = await this.forms.saveDetails(me, body);
    if (outcome.ok) return res.redirect(303, `/profile?notice=${outcome.changed ? 'saved' : 'unchanged'}`);
    html(res, outcome.status, await this.pages.profilePage(req, res, me, outcome.state));
  }

  @Post('email')
  @StrictRateLimit()
  @EmailRateLimit()
  @RequireRecentAuth()
  async changeEmail(@CurrentAccount() me: Account, @Req() req: Request, @Res() res: Response, @FormBodyFields() body: FormBody): Promise<void> {
    const outcome = await this.forms.startEmailChange(me, body, pageLocale(req, me), req.sessionID);
    if (outcome.ok) return res.redirect(303, '/profile?notice=emailSent');
    html(res, outcome.status, await this.pages.profilePage(req, res, me, outcome.state));
  }

  @Public()
  @StrictRateLimit()
  @Get('email/confirm')
  async confirmEmailPage(@Req() req: Request, @Res() res: Response, @Query('token') token?: string): Promise<void> {
    const page = await this.forms.emailConfirmPage(req, res, typeof token === 'string' ? token : '');
    html(res, page.status, page.html);
  }

  @Public()
  @StrictRateLimit()
  // The emailed token in the form is the proof (a secret no other site knows), and browsers send
  // `Origin: null` under our no-referrer policy, so the origin/CSRF check cannot apply here.
  @SkipOriginCheck()
  @Post('email/confirm')
  async confirmEmail(@Req() req: Request, @Res() res: Response, @FormBodyFields() body: FormBody): Promise<void> {
    const page = await this.forms.confirmEmail(req, res, typeof body.token === 'string' ? body.token : '');
    html(res, page.status, page.html);
  }

  @Post('marketing')
  async marketing(@CurrentAccount() me: Account, @Res() res: Response, @FormBodyFields() body: FormBody): Promise<void> {
    await this.forms.setMarketing(me, body);
    res.redirect(303, '/profile?notice=marketing');
  }

  @Post('language')
  async language(@CurrentAccount() me: Account, @Res() res: Response, @FormBodyFields() body: FormBody): Promise<void> {
    await this.forms.setLanguage(me, body);
    const next = safeNext(body.next);
    res.redirect(303, next === '/profile' ? '/profile?notice=language' : next);
  }

  @Post('identities/:provider/unlink')
  @RequireRecentAuth()
  async unlink(@CurrentAccount() me: Account, @Req() req: Request, @Res() res: Response, @Param() p: ProviderParam): Promise<void> {
    await this.forms.unlink(me, p.provider, { keepSessionId: req.sessionID, userAgent: req.headers['user-agent'] });
    res.redirect(303, '/profile?notice=unlinked#linked-accounts');
  }

  @Post('sessions/:id/end')
  async endSession(@CurrentAccount() me: Account, @Res() res: Response, @Param() p: SessionHandleParam): Promise<void> {
    await this.forms.endSession(me, p.id);
    res.redirect(303, '/profile?notice=sessionEnded#sessions');
  }

  @Post('sessions/end-others')
  async endOtherSessions(@CurrentAccount() me: Account, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.forms.endOtherSessions(me, req.sessionID);
    res.redirect(303, '/profile?notice=othersEnded#sessions');
  }

  @Post('policies/:version/acknowledge')
  async acknowledgePolicy(@CurrentAccount() me: Account, @Res() res: Response, @Param('version') version: string): Promise<void> {
    await this.pages.acknowledgePolicy(me, version);
    res.redirect(303, '/profile?notice=policyAcknowledged');
  }

  @Post('close')
  @RequireRecentAuth()
  async close(@CurrentAccount() me: Account, @Req() req: Request, @Res() res: Response, @FormBodyFields() body: FormBody): Promise<void> {
    const outcome = await this.forms.close(me, req, body);
    if (outcome.ok) return res.redirect(303, '/profile?notice=closed');
    html(res, outcome.status, await this.pages.profilePage(req, res, me, outcome.state));
  }

  @Post('close/cancel')
  @AllowStatus('terminated')
  async cancelClose(@CurrentAccount() me: Account, @Res() res: Response): Promise<void> {
    await this.forms.cancelClose(me);
    res.redirect(303, '/profile?notice=restored');
  }

  @Get('export')
  async exportPage(@CurrentAccount() me: Account, @Req() req: Request, @Res() res: Response): Promise<void> {
    html(res, 200, await this.pages.exportPage(req, res, me));
  }
}
