import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { PROVIDER_CLAIMS_EVENT, PROVIDER_DATA_REMOVAL_EVENT, type ProviderClaimsEvent, type ProviderDataRemovalEvent } from '../identity/identity.events';
import { ProfileService } from './profile.service';

/** Seeds and syncs the profile name from the sign-in provider on every sign-in, unless the person corrected it. */
@Injectable()
export class ProviderClaimsListener {
  constructor(private readonly profile: ProfileService) {}

  @OnEvent(PROVIDER_CLAIMS_EVENT, { promisify: true, suppressErrors: false })
  async onProviderClaims(event: ProviderClaimsEvent): Promise<void> {
    await this.profile.applyProviderClaims(event.accountId, event.provider, event.claims ?? {});
  }

  /** The provider asked us to delete what it gave: the profile fields it set, unless the person corrected them. */
  @OnEvent(PROVIDER_DATA_REMOVAL_EVENT, { promisify: true, suppressErrors: false })
  async onProviderDataRemoval(event: ProviderDataRemovalEvent): Promise<void> {
    const fields = await this.profile.forgetProviderData(event.accountId, event.provider);
    event.removed.push(...fields.map((f) => `profile.${f}`));
  }
}
