import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { PROVIDER_CLAIMS_EVENT, type ProviderClaimsEvent } from '../identity/identity.events';
import { ProfileService } from './profile.service';

/** Seeds and syncs the profile name from the sign-in provider on every sign-in, unless the person corrected it. */
@Injectable()
export class ProviderClaimsListener {
  constructor(private readonly profile: ProfileService) {}

  @OnEvent(PROVIDER_CLAIMS_EVENT, { promisify: true, suppressErrors: false })
  async onProviderClaims(event: ProviderClaimsEvent): Promise<void> {
    await this.profile.applyProviderClaims(event.accountId, event.provider, event.claims ?? {});
  }
}
