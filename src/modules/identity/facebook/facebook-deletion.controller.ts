import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderDeletionStatus } from '../views/identity.pages';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Public } from '../../../core/auth/auth.decorators';
import { SkipOriginCheck } from '../../../core/http/skip-origin-check.decorator';
import { StrictRateLimit } from '../../../core/http/rate-limit';
import { FacebookDeletionService } from './facebook-deletion.service';

export class SignedRequestBody {
  @IsString({ message: 'signed_request is required' })
  @MaxLength(4096)
  signed_request: string;
}

export class ConfirmationCodeParam {
  @Matches(/^[A-Za-z0-9_-]{8,32}$/, { message: 'code must be a confirmation code' })
  code: string;
}

/** Meta calls this when a person removes the app and asks for their data to be deleted. */
@ApiTags('sign-in')
@Public()
@StrictRateLimit()
@Controller('auth/facebook/data-deletion')
export class FacebookDeletionController {
  constructor(private readonly service: FacebookDeletionService) {}

  @Post()
  @HttpCode(200)
  @SkipOriginCheck()
  @ApiOperation({ summary: 'Facebook data deletion callback: verifies signed_request, opens an erasure, returns { url, confirmation_code }' })
  request(@Body() body: SignedRequestBody) {
    return this.service.request(body.signed_request);
  }

  @Get('status/:code')
  @ApiOperation({
    summary: 'Status of a Facebook data deletion request (JSON; a page in en/nb for browsers)',
    description:
      'state: no-data, identity-removed (the Facebook sign-in and Facebook-sourced data removed, the account stays), in-progress or completed; removed lists what was removed.',
  })
  async status(@Param() p: ConfirmationCodeParam, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const status = await this.service.status(p.code);
    if (req.accepts(['json', 'html']) === 'html') {
      res.type('html').send(renderDeletionStatus(req, { code: status.confirmation_code, receivedAt: status.received_at, state: status.state }));
      return;
    }
    return status;
  }
}
