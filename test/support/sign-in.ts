/**
 * Signing in through the fake OAuth provider, as a browser would, over real HTTP.
 *
 *   const idp = await FakeOAuthProvider.start();
 *   const api = await startApi({ env: idp.envFor() });
 *   const { agent, response } = await signIn(api, idp, 'google', { sub: 'g-1', email: 'a@example.com', email_verified: true });
 *   await agent.get('/api/me').expect(200);
 *
 * `startFlow` + `finishFlow` split the walk for tests that tamper with it (state, code, PKCE).
 */
import type { Response } from 'supertest';
import { browserAgent } from './http';
import type { FakeOAuthProvider, FakeUser, ProviderName } from './fake-oauth-provider';
import type { TestApi } from './test-app';

export type BrowserAgent = ReturnType<typeof browserAgent>;

export interface StartedFlow {
  agent: BrowserAgent;
  /** Where the app sent the browser: the provider's authorize URL */
  authorizeUrl: URL;
  /** Where the provider sends the browser back: the app's callback with code and state */
  callbackUrl: URL;
}

/** GET /auth/<provider> on the app, then the provider's authorize step; stops before the callback. */
export async function startFlow(
  api: Pick<TestApi, 'url'>,
  idp: FakeOAuthProvider,
  provider: ProviderName,
  user?: FakeUser,
  agent = browserAgent(api),
  query = '',
): Promise<StartedFlow> {
  if (user) idp.nextUser = user;
  const start = await agent.get(`/auth/${provider}${query}`);
  if (start.status !== 302) throw new Error(`GET /auth/${provider} answered ${start.status}: ${start.text.slice(0, 300)}`);
  const authorizeUrl = new URL(start.headers.location);
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (authorize.status !== 302 || !location) throw new Error(`the provider answered ${authorize.status}`);
  return { agent, authorizeUrl, callbackUrl: new URL(location) };
}

/** Follows the provider's redirect back to the app's callback. */
export function finishFlow(flow: Pick<StartedFlow, 'agent' | 'callbackUrl'>, callbackUrl: URL = flow.callbackUrl): ReturnType<BrowserAgent['get']> {
  return flow.agent.get(`${callbackUrl.pathname}${callbackUrl.search}`).set('Accept', 'text/html');
}

/** The date of birth the helpers answer the age screen with: an adult's. */
export const ADULT_DATE_OF_BIRTH = '1990-05-17';

/**
 * The age screen a first sign-in meets (POST /api/age-check); an account that answered before gets a 409,
 * which is fine here. Throws on anything else.
 */
export async function passAgeCheck(agent: BrowserAgent, dateOfBirth = ADULT_DATE_OF_BIRTH): Promise<Response> {
  const res = await agent.post('/api/age-check').send({ dateOfBirth });
  if (res.status !== 200 && res.status !== 409) throw new Error(`POST /api/age-check answered ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
}

/**
 * The whole walk: ends signed in (response is the callback's 302 to /profile) or on an error page. A
 * signed-in walk then answers the age screen with an adult's date, unless `ageCheck: false` (the test
 * answers it itself).
 */
export async function signIn(
  api: Pick<TestApi, 'url'>,
  idp: FakeOAuthProvider,
  provider: ProviderName,
  user: FakeUser,
  agent = browserAgent(api),
  opts: { ageCheck?: boolean } = {},
): Promise<{ agent: BrowserAgent; response: Response }> {
  const flow = await startFlow(api, idp, provider, user, agent);
  const response = await finishFlow(flow);
  if (response.status === 302 && opts.ageCheck !== false) await passAgeCheck(agent);
  return { agent, response };
}

/** The session cookie's value in the agent's jar, if any. */
export function sessionCookie(agent: BrowserAgent, api: Pick<TestApi, 'url'>): string | undefined {
  const { hostname } = new URL(api.url);
  const jar = (agent.agent as unknown as { jar: { getCookie(name: string, access: unknown): { value: string } | undefined } }).jar;
  return jar.getCookie('rd.sid', { domain: hostname, path: '/', secure: false, script: false })?.value;
}

/**
 * The step-up a sensitive change needs: GET /auth/reauth (which picks the provider used last), then the
 * provider's prompt=login round trip as `user` (one of the account's own identities).
 */
export async function stepUp(api: Pick<TestApi, 'url'>, idp: FakeOAuthProvider, user: FakeUser, agent: BrowserAgent, next = '/profile'): Promise<Response> {
  const hop = await agent.get(`/auth/reauth?next=${encodeURIComponent(next)}`);
  if (hop.status !== 302) throw new Error(`GET /auth/reauth answered ${hop.status}`);
  const target = hop.headers.location as string;
  const m = /^\/auth\/(google|facebook|linkedin)(\?.*)$/.exec(target);
  if (!m) throw new Error(`GET /auth/reauth sent the browser to ${target}`);
  const flow = await startFlow(api, idp, m[1] as ProviderName, user, agent, m[2]);
  return finishFlow(flow);
}
