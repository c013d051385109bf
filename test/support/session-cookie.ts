import { randomBytes } from 'node:crypto';
import { sign } from 'cookie-signature';
import request from 'supertest';
import { SESSION_COOKIE, SESSION_TTL_S } from '../../src/core/http/configure-http';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import type { Account } from '../../src/modules/accounts/schemas/account.schema';
import type { TestApi } from './test-app';

/**
 * Test-only: a signed-in session without going through a provider. Writes the session document the
 * way connect-mongo stores it (collection `sessions`) and signs its id with the test SESSION_SECRET,
 * exactly as express-session would. Never a route: nothing in the application can do this.
 */
export async function sessionCookie(api: TestApi, accountId: string, opts: { authAt?: Date; extra?: Record<string, unknown> } = {}): Promise<string> {
  const sid = randomBytes(24).toString('base64url');
  const expires = new Date(Date.now() + SESSION_TTL_S * 1000);
  const authAt = (opts.authAt ?? api.clock.now()).getTime();
  await api.connection.collection<{ _id: string }>('sessions').insertOne({
    _id: sid,
    expires,
    session: {
      cookie: { originalMaxAge: SESSION_TTL_S * 1000, expires, httpOnly: true, path: '/', sameSite: 'lax', secure: false },
      accountId,
      authAt,
      // test shortcut: the session counts as stepped up at authAt (a step-up sign-in, as /auth/reauth makes)
      reauthAt: authAt,
      ...opts.extra,
    },
  } as never);
  return `${SESSION_COOKIE}=${encodeURIComponent(`s:${sign(sid, api.config.sessionSecret)}`)}`;
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
