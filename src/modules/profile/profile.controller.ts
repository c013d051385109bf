import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../core/auth/auth.decorators';
import { EmailRateLimit, StrictRateLimit } from '../../core/http/rate-limit';
import { CurrentAccount } from '../../core/auth/auth.decorators';
import type { Account } from '../accounts/account.types';
import { ChangeEmailDto, ConfirmEmailDto } from './dto/change-email.dto';
import { EmailChangeStartedDto, ProfileChangeDto, ProfileResponseDto } from './dto/profile-response.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { EmailChangeService } from './email-change.service';
import { ProfileExportService } from './profile-export.service';
import { ProfileService } from './profile.service';
import { RequireRecentAuth } from './recent-auth.guard';

/** `If-Match: "3"` (or W/"3", 3, *) as a version; anything else matches nothing. */
export function parseIfMatch(header: string | undefined): number | '*' | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const v = header.trim();
  if (v === '*') return '*';
  const m = /^(?:W\/)?"?(\d{1,15})"?$/.exec(v);
  return m ? Number(m[1]) : -1;
}

const etag = (version: number) => `"${version}"`;

/** My Profile over JSON: read, partial update with a version, email change, the access export. */
@ApiTags('profile')
@Controller('api/profile')
export class ProfileController {
  constructor(
    private readonly profile: ProfileService,
    private readonly emailChange: EmailChangeService,
    private readonly exports: ProfileExportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your profile', description: 'The ETag header carries the version.' })
  @ApiOkResponse({ type: ProfileResponseDto })
  async get(@CurrentAccount() me: Account, @Res({ passthrough: true }) res: Response): Promise<ProfileResponseDto> {
    const view = await this.profile.get(me);
    res.setHeader('ETag', etag(view.version));
    return view as ProfileResponseDto;
  }

  @Patch()
  @ApiOperation({
    summary: 'Change some fields of your profile',
    description:
      'Send only what changes; null removes a field; company and addresses are replaced whole. Unknown fields are refused and nothing is saved when any field is invalid (400 VALIDATION_FAILED, errors[] names each field). ' +
      'Send `version` (409 PROFILE_VERSION_CONFLICT when stale) or `If-Match: "<version>"` (412 PROFILE_PRECONDITION_FAILED when stale). Fields you change are locked against sign-in provider sync.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag you read, e.g. "3"' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED with errors[{field,message}]' })
  @ApiConflictResponse({ description: 'PROFILE_VERSION_CONFLICT: the body version is stale' })
  @ApiPreconditionFailedResponse({ description: 'PROFILE_PRECONDITION_FAILED: If-Match is stale' })
  async update(
    @CurrentAccount() me: Account,
    @Body() body: UpdateProfileDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProfileResponseDto> {
    const { version, email: _ignored, ...fields } = body;
    const view = await this.profile.update(me, fields, { bodyVersion: version, ifMatch: parseIfMatch(ifMatch) });
    res.setHeader('ETag', etag(view.version));
    return view as ProfileResponseDto;
  }

  @Get('history')
  @ApiOperation({ summary: 'When your profile changed, which fields and by whom (newest first)' })
  @ApiOkResponse({ type: [ProfileChangeDto] })
  async history(@CurrentAccount() me: Account, @Query('before') before?: string): Promise<ProfileChangeDto[]> {
    const rows = await this.profile.history(me.id, { before: typeof before === 'string' ? before : undefined });
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      fields: r.fields,
      source: r.source,
      ...(r.version !== undefined ? { version: r.version } : {}),
    }));
  }

  @Get('export')
  @ApiOperation({
    summary: 'Everything held about you (GDPR Art. 15/20)',
    description:
      'Every module: what it may hold and why (purpose, legal basis, retention, source, recipients), what it holds about you, and holdsNothing when it holds nothing. Sent as a JSON attachment.',
  })
  async export(@CurrentAccount() me: Account, @Res({ passthrough: true }) res: Response) {
    const doc = await this.exports.exportFor(me);
    res.setHeader('Content-Disposition', `attachment; filename="rightsdesk-my-data-${doc.generatedAt.slice(0, 10)}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    return doc;
  }

  @Post('email')
  @HttpCode(202)
  @StrictRateLimit()
  @EmailRateLimit()
  @RequireRecentAuth()
  @ApiOperation({
    summary: 'Change your email address',
    description:
      'Sends a confirmation link to the new address and a notice to the current (verified) one; the change happens when the link is confirmed, which ends your other sessions and sends a notice. Needs a step-up sign-in within 5 minutes (401 REAUTH_REQUIRED otherwise).',
  })
  @ApiResponse({ status: 202, type: EmailChangeStartedDto })
  async changeEmail(@CurrentAccount() me: Account, @Body() body: ChangeEmailDto, @Req() req: Request): Promise<EmailChangeStartedDto> {
    const { expiresAt } = await this.emailChange.start(me, body.email, undefined, { sessionId: req.sessionID });
    return { expiresAt: expiresAt.toISOString() };
  }

  @Public()
  @StrictRateLimit()
  @Post('email/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a new email address with the token from the link' })
  @ApiBody({ type: ConfirmEmailDto })
  async confirmEmail(@Body() body: ConfirmEmailDto, @Req() req: Request): Promise<{ email: string }> {
    const { email } = await this.emailChange.confirm(body.token, {
      signedInAccountId: req.account?.id,
      sessionId: req.sessionID,
      userAgent: req.headers['user-agent'],
    });
    return { email };
  }
}
