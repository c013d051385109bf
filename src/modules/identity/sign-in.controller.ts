import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { Public } from '../../core/auth/auth.decorators';
import { StrictRateLimit } from '../../core/http/rate-limit';
import { ProviderNotEnabledError } from './identity.errors';
import { SignInFlowService } from './sign-in-flow.service';
import { OAuthProviders } from './providers/oauth-providers';
import { renderSignIn } from './views/identity.pages';
import { ReauthQuery, StartSignInQuery } from './dto/start-sign-in.query';

/** The sign-in page and the OAuth code flow of each enabled provider. */
@ApiTags('sign-in')
@Public()
@StrictRateLimit()
@Controller()
export class SignInController {
  constructor(
    private readonly providers: OAuthProviders,
    private readonly flow: SignInFlowService,
    private readonly config: AppConfig,
  ) {}

  @Get('signin')
  @ApiOperation({ summary: 'Sign-in page listing the enabled providers (HTML)' })
  page(@Req() req: Request, @Res() res: Response, @Query() q: StartSignInQuery) {
    res
      .type('html')
      .send(renderSignIn(req, this.providers.enabled(), { next: q.next, linking: q.link === '1' && !!req.account, devSignIn: this.config.devSignIn }));
  }

  @Get('auth/reauth')
  @ApiOperation({
    summary:
      'Step-up sign-in for a sensitive change: 302 to the provider the signed-in person used last, with prompt=login / max_age=0 (?next=/path returns there)',
  })
  async reauth(@Query() q: ReauthQuery, @Req() req: Request, @Res() res: Response) {
    res.redirect(302, await this.flow.reauthTarget(req, q.next ?? '/profile'));
  }

  @Get('auth/:provider')
  @ApiOperation({
    summary:
      'Starts sign-in: 302 to the provider with client_id, redirect_uri, state, nonce (and PKCE for Google/LinkedIn). ?link=1 links it to the signed-in account (after a step-up); ?reauth=1 is the step-up; ?next=/path returns there.',
  })
  async start(@Param('provider') provider: string, @Query() q: StartSignInQuery, @Req() req: Request, @Res() res: Response) {
    if (!this.providers.isEnabled(provider)) throw new ProviderNotEnabledError();
    const outcome = this.flow.start(provider, req, q);
    if ('redirectTo' in outcome) return res.redirect(302, outcome.redirectTo);
    await new Promise<void>((resolve, reject) =>
      this.providers.redirectToProvider(provider, req, res, ((err?: unknown) => (err ? reject(err) : resolve())) as NextFunction, outcome.authorize),
    );
  }

  @Get('auth/:provider/callback')
  @ApiExcludeEndpoint()
  async callback(@Param('provider') provider: string, @Req() req: Request, @Res() res: Response) {
    if (!this.providers.isEnabled(provider)) throw new ProviderNotEnabledError();
    const outcome = await this.flow.finish(provider, req, res);
    if (outcome.ok) return res.redirect(302, outcome.redirectTo);
    res.status(outcome.status).type('html').send(outcome.page);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends the session (204; browsers posting the form are sent to the start page)' })
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.flow.signOut(req, res);
    if ((req.headers.accept ?? '').includes('text/html')) return res.redirect(303, '/');
    res.status(204).end();
  }
}
