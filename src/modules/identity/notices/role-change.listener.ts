import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ACCOUNT_ROLE_CHANGED_EVENT, type AccountRoleChangedEvent } from '../../accounts/accounts.events';
import { SecurityNoticeService } from './security-notice.service';

/**
 * Tells a person when their roles change. Their sessions stay: the account (and so its roles) is
 * reloaded on every request, so a revoked role is gone on the very next one.
 */
@Injectable()
export class RoleChangeListener {
  constructor(private readonly notices: SecurityNoticeService) {}

  @OnEvent(ACCOUNT_ROLE_CHANGED_EVENT, { promisify: true })
  async onRoleChanged(event: AccountRoleChangedEvent): Promise<void> {
    await this.notices.changed(event.accountId, event.change === 'granted' ? 'role-granted' : 'role-revoked', { endOtherSessions: false, role: event.role });
  }
}
