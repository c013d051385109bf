import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../core/auth/auth.decorators';
import type { Account } from '../accounts/account.types';
import { CurrentAccount, Roles } from '../../core/auth/auth.decorators';
import { PreferencesDto, PreviewQuery, PublishPolicyDto, TemplateParams, VersionParam } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';
import { PoliciesService } from './policies.service';
import { SAMPLE_DATA } from './templates/built-in.templates';
import { TemplateRegistry } from './templates/template-registry';

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly policies: PoliciesService,
    private readonly templates: TemplateRegistry,
  ) {}

  @Get('api/notifications/preferences')
  @ApiOperation({ summary: 'Your email preferences' })
  async preferences(@CurrentAccount() me: Account) {
    return { marketing: await this.notifications.getMarketingConsent(me.id) };
  }

  @Put('api/notifications/preferences')
  @ApiOperation({ summary: 'Opt in or out of marketing email (service and legal notices still reach you)' })
  async setPreferences(@CurrentAccount() me: Account, @Body() body: PreferencesDto) {
    await this.notifications.setMarketingConsent(me.id, body.marketing, me.subjectId);
    return { marketing: body.marketing };
  }

  @Post('api/admin/policies')
  @Roles('admin')
  @ApiOperation({ summary: 'Publish a privacy policy version; a material one is emailed to every active account' })
  publish(@CurrentAccount() me: Account, @Body() body: PublishPolicyDto) {
    return this.policies.publish(body, me);
  }

  @Public()
  @Get('api/policies/current')
  @ApiOperation({ summary: 'The privacy policy version in force, and announced upcoming ones' })
  current() {
    return this.policies.current();
  }

  @Get('api/policies/pending-acknowledgement')
  @ApiOperation({ summary: 'Material policy changes you have not acknowledged (shown as a banner)' })
  async pending(@CurrentAccount() me: Account) {
    return { items: await this.policies.pendingFor(me.id) };
  }

  @Post('api/policies/:version/acknowledge')
  @HttpCode(204)
  @ApiOperation({ summary: 'Acknowledge a policy change' })
  async acknowledge(@CurrentAccount() me: Account, @Param() p: VersionParam) {
    await this.policies.acknowledge(me, p.version);
  }

  @Get('admin/notifications/templates')
  @Roles('admin')
  @ApiOperation({ summary: 'Email template names (admin)' })
  list() {
    return { items: this.templates.names() };
  }

  @Get('admin/notifications/templates/:name/preview')
  @Roles('admin')
  @ApiOperation({ summary: 'Preview an email template with sample data (admin, HTML)' })
  preview(@Param() p: TemplateParams, @Query() q: PreviewQuery, @Res() res: Response) {
    const rendered = this.templates.render(p.name, q.locale ?? 'en', SAMPLE_DATA[p.name] ?? {}, {
      unsubscribeUrl: p.name === 'newsletter' ? '#unsubscribe' : undefined,
    });
    res.type('html').send(rendered.html.replace('<body', `<body data-subject="${rendered.subject.replace(/"/g, '&quot;')}"`));
  }
}
