import { Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, CurrentAccount } from '../../core/auth/auth.decorators';
import type { Principal } from '../../core/auth/principal';
import { SessionHandleParam } from './dto/session-handle.param';
import { SessionsService } from './sessions.service';

class SessionItemDto {
  @ApiProperty({ description: 'Handle of the session (not its cookie)' }) id: string;
  @ApiPropertyOptional({ description: 'Browser and system, from the User-Agent at sign-in', example: 'Firefox on Linux' }) device?: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ description: 'Last use, to within a few minutes' }) lastSeenAt: Date;
  @ApiProperty({ description: 'When it ends unless used again (never past the absolute lifetime)' }) expiresAt: Date;
  @ApiProperty({ description: 'The session of this request' }) current: boolean;
}

class SessionListDto {
  @ApiProperty({ type: [SessionItemDto] }) items: SessionItemDto[];
}

class RevokedDto {
  @ApiProperty({ description: 'How many sessions ended' }) ended: number;
}

/** Where the signed-in person is signed in; ending one session or all the others. */
@ApiTags('me')
@Authenticated()
@Controller('api/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: "Where you're signed in: each session's browser, start and last use; the current one marked" })
  @ApiOkResponse({ type: SessionListDto })
  async list(@CurrentAccount() me: Principal, @Req() req: Request): Promise<SessionListDto> {
    return { items: await this.sessions.listOwn(me.id, req.sessionID) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends one of your sessions (ending the current one signs you out)' })
  @ApiNotFoundResponse({ description: 'No such session of yours (SESSION_NOT_FOUND)' })
  async end(@CurrentAccount() me: Principal, @Param() p: SessionHandleParam): Promise<void> {
    await this.sessions.revokeOne(me.id, p.id);
  }

  @Post('revoke-others')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ends every session of yours except this one' })
  @ApiOkResponse({ type: RevokedDto })
  async revokeOthers(@CurrentAccount() me: Principal, @Req() req: Request): Promise<RevokedDto> {
    return { ended: await this.sessions.revokeOthers(me.id, req.sessionID) };
  }
}
