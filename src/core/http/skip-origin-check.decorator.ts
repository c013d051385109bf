import { SetMetadata } from '@nestjs/common';

export const SKIP_ORIGIN_CHECK = 'rightsdesk:skip-origin-check';
/**
 * The route authenticates its caller by other means than the session cookie (an API key, a signed
 * request from a provider), so cross-site request forgery does not apply to it.
 */
export const SkipOriginCheck = () => SetMetadata(SKIP_ORIGIN_CHECK, true);
