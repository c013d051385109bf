import { Injectable } from '@nestjs/common';
import type { PageLocale } from '../../core/http/views/locale';
import type { Account } from '../accounts/account.types';
import { IdentityService } from '../identity/identity.service';
import { OAuthProviders } from '../identity/identity.types';
import { formatDay, providerLabel } from './views/profile-page.builder';
import type { ProfilePageModel } from './views/profile.page';

/** The "linked sign-in accounts" section of My Profile, from identity's linked identities. */
@Injectable()
export class LinkedAccountsView {
  constructor(
    private readonly identity: IdentityService,
    private readonly providers: OAuthProviders,
  ) {}

  async forAccount(account: Account, lang: PageLocale): Promise<ProfilePageModel['linked']> {
    const linked = await this.identity.list(account.id);
    const canUnlink = linked.length > 1;
    return {
      available: true,
      items: linked.map((i) => ({
        label: providerLabel(i.provider),
        since: formatDay(lang, i.linkedAt),
        unlinkAction: canUnlink ? `/profile/identities/${i.provider}/unlink` : undefined,
      })),
      linkable: this.providers
        .enabled()
        .filter((p) => !linked.some((i) => i.provider === p))
        .map((p) => ({ label: providerLabel(p), href: `/auth/${p}?link=1` })),
    };
  }
}
