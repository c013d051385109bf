import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentAccount } from '../../core/auth/auth.decorators';
import type { Principal } from '../../core/auth/principal';
import { ReplyDto, SetTypeDto } from './dto/request-mail.dto';
import { RequestMailService } from './request-mail.service';

/** Requests by email on the agent's side: the one-click type and replies (API and the request page's forms). */
@ApiTags('requests')
@Controller()
export class RequestMailController {
  constructor(private readonly mail: RequestMailService) {}

  @Authenticated({ roles: ['agent'] })
  @Post('api/agent/requests/:id/type')
  @HttpCode(200)
  setType(@Param('id') id: string, @Body() dto: SetTypeDto, @CurrentAccount() me: Principal) {
    return this.mail.setType(id, me.subjectId, dto.type);
  }

  @Authenticated({ roles: ['agent'] })
  @Post('api/agent/requests/:id/reply')
  @HttpCode(202)
  reply(@Param('id') id: string, @Body() dto: ReplyDto, @CurrentAccount() me: Principal) {
    return this.mail.reply(id, me.subjectId, dto.body);
  }

  @ApiExcludeEndpoint()
  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/type')
  async setTypePage(@Res() res: Response, @Param('id') id: string, @Body() dto: SetTypeDto, @CurrentAccount() me: Principal) {
    await this.mail.setType(id, me.subjectId, dto.type);
    res.redirect(303, `/agent/requests/${encodeURIComponent(id)}?notice=done`);
  }

  @ApiExcludeEndpoint()
  @Authenticated({ roles: ['agent'] })
  @Post('agent/requests/:id/reply')
  async replyPage(@Res() res: Response, @Param('id') id: string, @Body() dto: ReplyDto, @CurrentAccount() me: Principal) {
    await this.mail.reply(id, me.subjectId, dto.body);
    res.redirect(303, `/agent/requests/${encodeURIComponent(id)}?notice=done`);
  }
}
