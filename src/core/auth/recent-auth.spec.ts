import { hasRecentAuth, REAUTH_MAX_AGE_MS, ReauthRequiredError, reauthPath } from './recent-auth';

describe('hasRecentAuth', () => {
  const now = Date.parse('2026-05-04T08:00:00Z');

  it('accepts a step-up up to five minutes old', () => {
    expect(hasRecentAuth({ reauthAt: now - REAUTH_MAX_AGE_MS }, now)).toBe(true);
    expect(hasRecentAuth({ reauthAt: now }, now)).toBe(true);
  });

  it('refuses an older one, one from the future, or none at all', () => {
    expect(hasRecentAuth({ reauthAt: now - REAUTH_MAX_AGE_MS - 1 }, now)).toBe(false);
    expect(hasRecentAuth({ reauthAt: now + 1000 }, now)).toBe(false);
    expect(hasRecentAuth({}, now)).toBe(false);
    expect(hasRecentAuth(undefined, now)).toBe(false);
  });

  it('names where to step up', () => {
    expect(reauthPath('/auth/linkedin?link=1')).toBe('/auth/reauth?next=%2Fauth%2Flinkedin%3Flink%3D1');
    const err = new ReauthRequiredError();
    expect([err.code, err.kind, err.reauthUrl]).toEqual(['REAUTH_REQUIRED', 'unauthenticated', '/auth/reauth?next=%2Fprofile']);
  });
});
