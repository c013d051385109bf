import { RecentAuth } from '../../core/auth/auth.decorators';

export { REAUTH_MAX_AGE_MS } from '../../core/auth/recent-auth';

/**
 * The route needs a step-up sign-in within the last five minutes: the core AuthGuard checks it
 * (req.session.reauthAt) and answers 401 REAUTH_REQUIRED naming /auth/reauth?next=/profile.
 */
export const RequireRecentAuth = () => RecentAuth();
