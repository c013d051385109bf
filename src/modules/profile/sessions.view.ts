import { Injectable } from '@nestjs/common';
import type { PageLocale } from '../../core/http/views/locale';
import type { Account } from '../accounts/account.types';
import { SessionsService } from '../identity/sessions.service';
import { formatWhen } from './views/profile-page.builder';
import type { ProfilePageModel } from './views/profile.page';

/** The "Where you're signed in" section of My Profile, from identity's sessions. */
@Injectable()
export class SessionsView {
  constructor(private readonly sessions: SessionsService) {}

  async forAccount(account: Account, currentSid: string, lang: PageLocale): Promise<ProfilePageModel['sessions']> {
    const own = await this.sessions.listOwn(account.id, currentSid);
    return {
      available: true,
      items: own.map((s) => ({
        device: s.device,
        started: formatWhen(lang, s.startedAt),
        lastSeen: formatWhen(lang, s.lastSeenAt),
        current: s.current,
        endAction: s.current ? undefined : `/profile/sessions/${s.id}/end`,
      })),
      othersAction: own.some((s) => !s.current) ? '/profile/sessions/end-others' : undefined,
    };
  }
}
