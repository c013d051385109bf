import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../core/errors/domain-error';
import { Public } from '../../core/auth/auth.decorators';
import { SkipOriginCheck } from '../../core/http/skip-origin-check.decorator';
import { StrictRateLimit } from '../../core/http/rate-limit';
import { pageLocale, PAGE_LOCALES, withLang } from '../../core/http/views/locale';
import { compileView } from '../../core/http/views/view-engine';
import { OneClickBody, TokenQuery } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

const MESSAGES = {
  en: {
    'unsub.title': 'Unsubscribe',
    'unsub.confirm': 'Stop sending newsletters and offers to this address? Notices about your account and legal notices will still reach you.',
    'unsub.button': 'Unsubscribe',
    'unsub.done': 'Done: this address will get no more newsletters or offers. Notices about your account will still reach you.',
    'unsub.invalid':
      'This unsubscribe link is not valid (it was changed or has expired). Use the link in a recent email, or change your email preferences in My Profile.',
  },
  nb: {
    'unsub.title': 'Meld av',
    'unsub.confirm': 'Slutte å sende nyhetsbrev og tilbud til denne adressen? Varsler om kontoen din og juridiske varsler kommer fortsatt.',
    'unsub.button': 'Meld av',
    'unsub.done': 'Ferdig: denne adressen får ikke flere nyhetsbrev eller tilbud. Varsler om kontoen din kommer fortsatt.',
    'unsub.invalid':
      'Denne avmeldingslenken er ikke gyldig (den er endret eller utløpt). Bruk lenken i en nylig e-post, eller endre e-postinnstillingene i Min profil.',
  },
};

const view = compileView<{ state: 'confirm' | 'done' | 'invalid'; token?: string }>(`
<h1>{{t "unsub.title"}}</h1>
{{#if (eq state "confirm")}}<p>{{t "unsub.confirm"}}</p>
<form method="post" action="/unsubscribe"><input type="hidden" name="token" value="{{token}}"><button type="submit">{{t "unsub.button"}}</button></form>{{/if}}
{{#if (eq state "done")}}<p role="status" data-state="done">{{t "unsub.done"}}</p>{{/if}}
{{#if (eq state "invalid")}}<p role="alert" data-state="invalid">{{t "unsub.invalid"}}</p>{{/if}}
`);

/** One-click unsubscribe (RFC 8058): works signed out; the signed token is the authority. */
@ApiTags('notifications')
@Public()
@StrictRateLimit()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly notifications: NotificationsService) {}

  private page(req: Request, res: Response, status: number, state: 'confirm' | 'done' | 'invalid', token?: string) {
    const lang = pageLocale(req);
    res
      .status(status)
      .type('html')
      .send(
        view({
          lang,
          messages: MESSAGES[lang],
          titleKey: 'unsub.title',
          langQuery: true,
          langLinks: PAGE_LOCALES.map((code) => ({ code, href: withLang(req, code) })),
          state,
          token,
        }),
      );
  }

  @Get()
  @ApiOperation({ summary: 'Unsubscribe confirmation page (HTML)' })
  confirm(@Query() q: TokenQuery, @Req() req: Request, @Res() res: Response) {
    try {
      this.notifications.checkUnsubscribeToken(q.token);
    } catch (err) {
      if (err instanceof DomainError) return this.page(req, res, 400, 'invalid');
      throw err;
    }
    this.page(req, res, 200, 'confirm', q.token);
  }

  @Post()
  @HttpCode(200)
  @SkipOriginCheck()
  @ApiOperation({ summary: 'Unsubscribe: one-click POST from a mail client (token in the URL, body List-Unsubscribe=One-Click) or the confirmation form' })
  async unsubscribe(@Query() q: TokenQuery, @Body() body: OneClickBody, @Req() req: Request, @Res() res: Response) {
    try {
      await this.notifications.unsubscribe(q.token ?? body.token);
    } catch (err) {
      if (err instanceof DomainError) return this.page(req, res, 400, 'invalid');
      throw err;
    }
    this.page(req, res, 200, 'done');
  }
}
