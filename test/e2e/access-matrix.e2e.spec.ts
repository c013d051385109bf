import request from 'supertest';
import { DAY_MS } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import type { Role } from '../../src/modules/accounts/schemas/account.schema';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { sessionCookie } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

/**
 * Who may call what, over every route: the API routes read from the OpenAPI document, the pages (left
 * out of it) from the HTTP router. A route missing from POLICY fails the test, so a new route has to be
 * classified here. "passes" means the auth layer let the call through (any status but 401/403).
 */
type Caller = 'anonymous' | 'customer' | 'suspended' | 'terminated' | 'agent' | 'admin';
type Policy =
  | 'public' // anyone, signed in or not, whatever the status
  | 'api-key' // internal systems with an API key only: every browser session is refused
  | 'signed-in-or-closed' // any signed-in account, also a closed (terminated) one
  | 'customer' // an active account (every account is a customer)
  | 'agent' // the agent or admin role
  | 'customer-or-token' // the customer signed in, or anyone holding the emailed link's token (none here)
  | 'agent-only' // the agent role itself (an admin without it is refused)
  | 'admin'; // the admin role

const POLICY: Record<string, Policy> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'public',
  'GET /signin': 'public',
  'GET /': 'public',
  'GET /cookies': 'public',
  'GET /auth/reauth': 'public',
  'GET /auth/{provider}': 'public',
  'GET /auth/{provider}/callback': 'public',
  'POST /auth/logout': 'public',
  'POST /auth/facebook/data-deletion': 'public',
  'GET /auth/facebook/data-deletion/status/{code}': 'public',
  'GET /api/policies/current': 'public',
  'GET /unsubscribe': 'public',
  'POST /unsubscribe': 'public',
  'POST /api/profile/email/confirm': 'public',
  'GET /profile/email/confirm': 'public',
  'POST /profile/email/confirm': 'public',
  'POST /api/internal/billing/orders': 'api-key',
  'GET /api/me': 'signed-in-or-closed',
  'DELETE /api/account/termination': 'signed-in-or-closed',
  'GET /profile': 'signed-in-or-closed',
  'POST /profile/close/cancel': 'signed-in-or-closed',
  'GET /api/identities': 'customer',
  'DELETE /api/identities/{provider}': 'customer',
  'GET /api/notifications/preferences': 'customer',
  'PUT /api/notifications/preferences': 'customer',
  'GET /api/policies/pending-acknowledgement': 'customer',
  'POST /api/policies/{version}/acknowledge': 'customer',
  'GET /api/profile': 'customer',
  'PATCH /api/profile': 'customer',
  'GET /api/profile/history': 'customer',
  'GET /api/profile/export': 'customer',
  'POST /api/profile/email': 'customer',
  'POST /api/account/termination': 'customer',
  'POST /profile': 'customer',
  'POST /profile/email': 'customer',
  'POST /profile/marketing': 'customer',
  'POST /profile/language': 'customer',
  'POST /profile/identities/{provider}/unlink': 'customer',
  'POST /profile/policies/{version}/acknowledge': 'customer',
  'POST /profile/close': 'customer',
  'GET /profile/export': 'customer',
  'GET /api/sessions': 'customer',
  'DELETE /api/sessions/{id}': 'customer',
  'POST /api/sessions/revoke-others': 'customer',
  'POST /profile/sessions/end-others': 'customer',
  'POST /profile/sessions/{id}/end': 'customer',
  'POST /api/agent/legal-holds': 'agent',
  'GET /api/agent/legal-holds': 'agent',
  'DELETE /api/agent/legal-holds/{id}': 'agent',
  'PUT /api/admin/accounts/{subjectId}/roles/{role}': 'admin',
  'DELETE /api/admin/accounts/{subjectId}/roles/{role}': 'admin',
  'POST /api/admin/policies': 'admin',
  'GET /admin/notifications/templates': 'admin',
  'GET /admin/notifications/templates/{name}/preview': 'admin',
  'GET /admin/queue-retries': 'admin',
  'GET /agent/requests': 'agent-only',
  'GET /agent/requests/{id}': 'agent-only',
  'GET /agent/testimonials': 'agent-only',
  'GET /agent/testimonials/{id}': 'agent-only',
  'GET /api/agent/requests': 'agent-only',
  'GET /api/agent/requests/{id}': 'agent-only',
  'GET /api/agent/testimonials': 'agent-only',
  'GET /api/agent/testimonials/{id}': 'agent-only',
  'GET /api/public/testimonials': 'public',
  'GET /profile/testimonials': 'signed-in-or-closed',
  'GET /requests/access': 'public',
  'GET /requests/new': 'public',
  'GET /requests/status': 'public',
  'GET /requests/verify': 'public',
  'GET /testimonials/embed': 'public',
  'GET /testimonials/{id}/consent': 'public',
  'GET /testimonials/{id}/withdraw': 'public',
  'PATCH /api/agent/testimonials/{id}': 'agent-only',
  'POST /admin/queue-retries': 'admin',
  'POST /agent/requests/{id}/complete': 'agent-only',
  'POST /agent/requests/{id}/extend': 'agent-only',
  'POST /agent/requests/{id}/notes': 'agent-only',
  'POST /agent/requests/{id}/reject': 'agent-only',
  'POST /agent/requests/{id}/reply': 'agent-only',
  'POST /agent/requests/{id}/start': 'agent-only',
  'POST /agent/requests/{id}/type': 'agent-only',
  'POST /agent/testimonials': 'agent-only',
  'POST /agent/testimonials/{id}/{action}': 'agent-only',
  'POST /api/agent/requests': 'agent-only',
  'POST /api/agent/requests/{id}/assign': 'agent-only',
  'POST /api/agent/requests/{id}/complete': 'agent-only',
  'POST /api/agent/requests/{id}/extend': 'agent-only',
  'POST /api/agent/requests/{id}/notes': 'agent-only',
  'POST /api/agent/requests/{id}/reject': 'agent-only',
  'POST /api/agent/requests/{id}/reply': 'agent-only',
  'POST /api/agent/requests/{id}/start': 'agent-only',
  'POST /api/agent/requests/{id}/type': 'agent-only',
  'POST /api/agent/testimonials': 'agent-only',
  'POST /api/agent/testimonials/{id}/consent': 'agent-only',
  'POST /api/agent/testimonials/{id}/consent-request': 'agent-only',
  'POST /api/agent/testimonials/{id}/publish': 'agent-only',
  'POST /api/agent/testimonials/{id}/remove': 'agent-only',
  'POST /api/agent/testimonials/{id}/withdraw': 'agent-only',
  'POST /api/requests': 'public',
  'POST /api/requests/access': 'public',
  'POST /api/requests/verify': 'public',
  'POST /api/testimonials/{id}/consent': 'public',
  'POST /api/testimonials/{id}/withdraw': 'customer-or-token',
  'POST /profile/testimonials/{id}/consent': 'customer',
  'POST /profile/testimonials/{id}/withdraw': 'customer',
  'POST /requests/access': 'public',
  'POST /requests/new': 'public',
  'POST /requests/status/cancel': 'public',
  'POST /requests/verify': 'public',
  'POST /testimonials/{id}/consent': 'public',
  'POST /testimonials/{id}/withdraw': 'public',
  'GET /children-privacy': 'public',
  'GET /age-check': 'customer',
  'POST /age-check': 'customer',
  'POST /api/age-check': 'customer',
  'GET /api/agent/minors': 'agent-only',
  'POST /api/agent/minors': 'agent-only',
  'POST /api/agent/minors/{id}/confirm': 'agent-only',
  'POST /api/agent/minors/{id}/dismiss': 'agent-only',
  'GET /agent/minors': 'agent-only',
  'POST /agent/minors/{id}/confirm': 'agent-only',
  'POST /agent/minors/{id}/dismiss': 'agent-only',
  // transfers (issue 18)
  'POST /api/transfers': 'api-key',
  'POST /api/admin/recipients': 'admin',
  'GET /api/admin/recipients': 'admin',
  'GET /api/admin/recipients/{id}': 'admin',
  'PATCH /api/admin/recipients/{id}': 'admin',
  'POST /api/admin/recipients/{id}/deactivate': 'admin',
  'GET /api/admin/transfers': 'admin',
  'POST /api/admin/successor-events': 'admin',
  'GET /api/admin/successor-events': 'admin',
  'GET /api/admin/successor-events/{id}': 'admin',
  'GET /api/successor-notices': 'customer',
  'POST /api/successor-notices/{id}/acknowledge': 'customer',
  'GET /profile/recipients': 'customer',
  'POST /profile/recipients/successor/{id}/acknowledge': 'customer',
  'GET /transfers/notices/{id}/ack': 'public',
  'POST /transfers/notices/{id}/ack': 'public',
  'GET /admin/recipients': 'admin',
  'POST /admin/recipients': 'admin',
  'GET /admin/transfers': 'admin',
  'GET /admin/successor-events': 'admin',
  'POST /admin/successor-events': 'admin',
};

/** What each caller gets from a route of each policy: 'pass', or the status the auth layer answers. */
const EXPECT: Record<Policy, Record<Caller, 'pass' | 401 | 403>> = {
  public: { anonymous: 'pass', customer: 'pass', suspended: 'pass', terminated: 'pass', agent: 'pass', admin: 'pass' },
  'api-key': { anonymous: 401, customer: 401, suspended: 401, terminated: 401, agent: 401, admin: 401 },
  'signed-in-or-closed': { anonymous: 401, customer: 'pass', suspended: 401, terminated: 'pass', agent: 'pass', admin: 'pass' },
  customer: { anonymous: 401, customer: 'pass', suspended: 401, terminated: 403, agent: 'pass', admin: 'pass' },
  agent: { anonymous: 401, customer: 403, suspended: 401, terminated: 403, agent: 'pass', admin: 'pass' },
  'customer-or-token': { anonymous: 401, customer: 'pass', suspended: 401, terminated: 401, agent: 'pass', admin: 'pass' },
  'agent-only': { anonymous: 401, customer: 403, suspended: 401, terminated: 403, agent: 'pass', admin: 403 },
  admin: { anonymous: 401, customer: 403, suspended: 401, terminated: 403, agent: 403, admin: 'pass' },
};

const PARAMS: Record<string, string> = {
  provider: 'google',
  code: 'abcdefgh12345678',
  version: '1',
  id: '000000000000000000000000',
  subjectId: 'sub_doesnotexist000',
  role: 'agent',
  name: 'no-such-template',
};

const CALLERS: Caller[] = ['anonymous', 'customer', 'suspended', 'terminated', 'agent', 'admin'];

describe('Access matrix: every route for anonymous, customer, suspended, terminated, agent and admin', () => {
  let idp: FakeOAuthProvider;
  let api: TestApi;
  let routes: string[];

  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    api = await startApi({ env: { ...idp.envFor(), RATE_LIMIT_PER_MINUTE: '100000', AUTH_RATE_LIMIT_PER_MINUTE: '100000' } });
    const doc = (await request(api.url).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const fromOpenApi = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // Pages and the OAuth callback are left out of the OpenAPI document: take them from the router.
    const express = api.app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
    const fromRouter = (express.router ?? express._router)!.stack
      .filter((l) => l.route && !l.route.path.startsWith('/api/docs') && !l.route.path.includes('*'))
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`));
    // the methods a browser or client sends (a catch-all mount such as the queue dashboard answers every verb)
    routes = [...new Set([...fromOpenApi, ...fromRouter])].filter((r) => /^(GET|POST|PUT|PATCH|DELETE) /.test(r) && !/ \/admin\/queues/.test(r)).sort();
    // (the queue dashboard is an Express app mounted under /admin/queues, behind its own admin check: queues-dashboard.e2e)
  });
  afterAll(async () => {
    await api.close();
    await idp.stop();
  });

  type Layer = { route?: { path: string; methods: Record<string, boolean> } };

  /** A fresh account per call (a call may close or change it), with a stepped-up session. */
  async function cookieFor(caller: Caller): Promise<string | undefined> {
    if (caller === 'anonymous') return undefined;
    const accounts = api.app.get(AccountsService);
    const roles: Role[] = caller === 'agent' ? ['agent'] : caller === 'admin' ? ['admin'] : [];
    const account = await accounts.create({ email: `${caller}.${Math.random().toString(36).slice(2)}@example.test`, emailVerified: true, roles });
    if (caller === 'suspended') await accounts.setStatus(account.id, 'suspended', { suspendedAt: api.clock.now() });
    if (caller === 'terminated')
      await accounts.setStatus(account.id, 'terminated', { terminatedAt: api.clock.now(), purgeAfter: new Date(api.clock.now().getTime() + 14 * DAY_MS) });
    return sessionCookie(api, account.id);
  }

  it('classifies every route', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !(r in POLICY))).toEqual([]);
    expect(Object.keys(POLICY).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('answers each caller as the route’s policy says', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const policy = POLICY[route];
      if (!policy) continue;
      const [method, template] = route.split(' ');
      const path = template.replace(/\{(\w+)\}/g, (_, p: string) => PARAMS[p] ?? 'x');
      for (const caller of CALLERS) {
        const cookie = await cookieFor(caller);
        let t = request(api.url)[method.toLowerCase() as 'get'](path).set('Origin', api.url).set('Accept', 'application/json').redirects(0);
        if (cookie) t = t.set('Cookie', cookie);
        if (method !== 'GET' && method !== 'DELETE') t = t.send({});
        const res = await t;
        const expected = EXPECT[policy][caller];
        const ok = expected === 'pass' ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === expected;
        if (!ok) mismatches.push(`${caller} ${route} → ${res.status} (expected ${expected}) ${String(res.body?.code ?? '')}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
