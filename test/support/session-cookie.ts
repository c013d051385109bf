import { randomBytes } from 'node:crypto';
import { sign } from 'cookie-signature';
import request from 'supertest';
import { sessionCookieName } from '../../src/core/http/configure-http';
import { AccountSessionStore } from '../../src/core/http/session-store';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import type { Account } from '../../src/modules/accounts/schemas/account.schema';
import type { TestApi } from './test-app';

/**
 * Test-only: a signed-in session without going through a provider. Writes the session into the Redis
 * session store exactly as express-session would (through the store, so the account's session index
 * knows it) and signs its id with the test SESSION_SECRET. Never a route: nothing in the application
 * can do this.
 */
export async function sessionCookie(
  api: TestApi,
  accountId: string,
  opts: { authAt?: Date; extra?: Record<string, unknown>; device?: string } = {},
): Promise<string> {
  const sid = randomBytes(24).toString('base64url');
  const maxAge = api.config.sessions.absoluteLifetimeS * 1000;
  const expires = new Date(Date.now() + maxAge);
  const authAt = (opts.authAt ?? api.clock.now()).getTime();
  await api.app.get(AccountSessionStore).set(sid, {
    cookie: { originalMaxAge: maxAge, expires, httpOnly: true, path: '/', sameSite: 'lax', secure: api.config.sessions.secureCookie },
    accountId,
    authAt,
    // test shortcut: the session counts as stepped up at authAt (a step-up sign-in, as /auth/reauth makes)
    reauthAt: authAt,
    device: opts.device,
    ...opts.extra,
  } as never);
  return cookieFor(api, sid);
}

/** The Cookie header value carrying this session id, signed as express-session signs it. */
export function cookieFor(api: TestApi, sid: string): string {
  return `${sessionCookieName(api.config)}=${encodeURIComponent(`s:${sign(sid, api.config.sessionSecret)}`)}`;
}

export interface SignedInClient {
  account: Account;
  cookie: string;
  get(path: string): request.Test;
  post(path: string): request.Test;
  patch(path: string): request.Test;
  put(path: string): request.Test;
  delete(path: string): request.Test;
}

/** A customer account with a session, and requests that carry its cookie and our Origin (as our pages would). */
export async function signedInCustomer(api: TestApi, opts: { email?: string; authAt?: Date; locale?: 'en' | 'nb' } = {}): Promise<SignedInClient> {
  const accounts = api.app.get(AccountsService);
  const account = await accounts.create({ email: opts.email ?? `c${randomBytes(4).toString('hex')}@example.test`, emailVerified: true, locale: opts.locale });
  const cookie = await sessionCookie(api, account.id, { authAt: opts.authAt });
  const origin = new URL(api.url).origin;
  const withSession = (t: request.Test) => t.set('Cookie', cookie).set('Origin', origin);
  return {
    account,
    cookie,
    get: (p) => withSession(request(api.url).get(p)),
    post: (p) => withSession(request(api.url).post(p)),
    patch: (p) => withSession(request(api.url).patch(p)),
    put: (p) => withSession(request(api.url).put(p)),
    delete: (p) => withSession(request(api.url).delete(p)),
  };
}
