import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, Public } from '../../core/auth/auth.decorators';
import { StrictRateLimit } from '../../core/http/rate-limit';
import type { Account } from '../accounts/account.types';
import { CsrfOnlyDto, NoticeAckFormDto, RecipientFormDto } from './dto/recipient.dto';
import { EventIdParam, SuccessorEventFormDto } from './dto/successor-event.dto';
import { ListTransfersQuery } from './dto/transfer.dto';
import { RecipientNoticesService } from './recipient-notices.service';
import { RecipientsService } from './recipients.service';
import { SuccessorEventsService } from './successor-events.service';
import { TransfersPagesService } from './transfers-pages.service';
import { ackPage, adminLogPage, adminRecipientsPage, adminSuccessorsPage, minePage } from './views/transfers.pages';

const html = (res: Response, status: number, body: string) => {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(body);
};

/** My Profile's "Who has my data", the recipients' acknowledgement page, and the admin pages. */
@ApiExcludeController()
@Controller()
export class TransfersPagesController {
  constructor(
    private readonly pages: TransfersPagesService,
    private readonly notices: RecipientNoticesService,
    private readonly recipients: RecipientsService,
    private readonly successors: SuccessorEventsService,
  ) {}

  @Authenticated()
  @Get('profile/recipients')
  async mine(@Req() req: Request, @Res() res: Response): Promise<void> {
    const csrf = this.pages.csrfToken(req, res);
    html(res, 200, this.pages.render(req, res, minePage, 'mine.title', await this.pages.mine(req.account as Account, csrf), 'transfers-mine'));
  }

  @Authenticated()
  @Post('profile/recipients/successor/:id/acknowledge')
  async acknowledgeSuccessor(@Req() req: Request, @Res() res: Response, @Param() p: EventIdParam, @Body() _: CsrfOnlyDto): Promise<void> {
    await this.successors.acknowledge(p.id, req.account!.subjectId);
    res.redirect(303, '/profile/recipients');
  }

  // ---- the Art. 19 notice's link (the recipient, holding the token) ----

  @Public()
  @StrictRateLimit()
  @Get('transfers/notices/:id/ack')
  async ackForm(@Req() req: Request, @Res() res: Response, @Param() p: EventIdParam, @Query('token') token?: string): Promise<void> {
    const { notice, recipient } = await this.notices.byLink(p.id, typeof token === 'string' ? token : undefined);
    res.setHeader('Referrer-Policy', 'same-origin');
    html(
      res,
      200,
      this.pages.render(req, res, ackPage, 'ack.title', {
        recipient: recipient?.name ?? '',
        subjectId: notice.subjectId,
        causeKey: `cause.${notice.cause}`,
        action: `/transfers/notices/${notice.id}/ack`,
        token: token!,
        acknowledgedOn: notice.acknowledgedAt ? new Date(notice.acknowledgedAt).toISOString().slice(0, 10) : undefined,
      }),
    );
  }

  @Public()
  @StrictRateLimit()
  @Post('transfers/notices/:id/ack')
  async ack(@Req() req: Request, @Res() res: Response, @Param() p: EventIdParam, @Body() body: NoticeAckFormDto): Promise<void> {
    const notice = await this.notices.acknowledge(p.id, body.token);
    const { recipient } = await this.notices.byLink(p.id, body.token);
    html(
      res,
      200,
      this.pages.render(req, res, ackPage, 'ack.title', {
        recipient: recipient?.name ?? '',
        subjectId: notice.subjectId,
        causeKey: `cause.${notice.cause}`,
        action: `/transfers/notices/${notice.id}/ack`,
        token: body.token,
        done: true,
        acknowledgedOn: notice.acknowledgedAt ? new Date(notice.acknowledgedAt).toISOString().slice(0, 10) : undefined,
      }),
    );
  }

  // ---- admin pages ----

  @Authenticated({ roles: ['admin'] })
  @Get('admin/recipients')
  async adminRecipients(@Req() req: Request, @Res() res: Response): Promise<void> {
    const csrf = this.pages.csrfToken(req, res);
    html(res, 200, this.pages.render(req, res, adminRecipientsPage, 'admin.recipients.title', await this.pages.adminRecipients(req, csrf), 'transfers-admin'));
  }

  @Authenticated({ roles: ['admin'] })
  @Post('admin/recipients')
  async createRecipient(@Req() req: Request, @Res() res: Response, @Body() body: RecipientFormDto): Promise<void> {
    const { _csrf, ...input } = body;
    await this.recipients.create(input, req.account!.subjectId);
    res.redirect(303, '/admin/recipients');
  }

  @Authenticated({ roles: ['admin'] })
  @Get('admin/transfers')
  async adminLog(@Req() req: Request, @Res() res: Response, @Query() q: ListTransfersQuery): Promise<void> {
    html(res, 200, this.pages.render(req, res, adminLogPage, 'admin.log.title', await this.pages.adminLog(req, q), 'transfers-admin'));
  }

  @Authenticated({ roles: ['admin'] })
  @Get('admin/successor-events')
  async adminSuccessors(@Req() req: Request, @Res() res: Response): Promise<void> {
    const csrf = this.pages.csrfToken(req, res);
    html(res, 200, this.pages.render(req, res, adminSuccessorsPage, 'admin.successors.title', await this.pages.adminSuccessors(req, csrf), 'transfers-admin'));
  }

  @Authenticated({ roles: ['admin'] })
  @Post('admin/successor-events')
  async createSuccessorEvent(@Req() req: Request, @Res() res: Response, @Body() body: SuccessorEventFormDto): Promise<void> {
    const { _csrf, ...input } = body;
    await this.successors.create(input, req.account!.subjectId);
    res.redirect(303, '/admin/successor-events');
  }
}
