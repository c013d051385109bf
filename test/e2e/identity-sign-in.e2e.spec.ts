import { ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { IdentityService } from '../../src/modules/identity/identity.service';
import { FakeOAuthProvider, FAKE_CLIENTS, ProviderName } from '../support/fake-oauth-provider';
import { browserAgent } from '../support/http';
import { finishFlow, sessionCookie, signIn, startFlow } from '../support/sign-in';
import { startApi, TestApi } from '../support/test-app';

describe('Sign-in with Google, Facebook and LinkedIn', () => {
  let idp: FakeOAuthProvider;
  let api: TestApi;
  let n = 0;
  const user = (over: Record<string, unknown> = {}) => ({
    sub: `u-${++n}`,
    email: `person${n}@example.com`,
    email_verified: true,
    name: `Person ${n}`,
    ...over,
  });

  const browserAgentNb = () => {
    const a = browserAgent(api);
    return { ...a, get: (path: string) => a.get(path).set('Accept-Language', 'nb-NO,nb;q=0.9') };
  };

  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    api = await startApi({ env: { ...idp.envFor(), AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
    idp.now = () => api.clock.now();
  });
  afterAll(async () => {
    await api.close();
    await idp.stop();
  });

  it.each<ProviderName>(['google', 'facebook', 'linkedin'])('walks the whole %s code flow and ends signed in on /profile', async (provider) => {
    const u = user();
    const flow = await startFlow(api, idp, provider, u);
    const q = flow.authorizeUrl.searchParams;
    expect(q.get('client_id')).toBe(FAKE_CLIENTS[provider].id);
    expect(q.get('redirect_uri')).toBe(`${api.url}/auth/${provider}/callback`);
    expect(q.get('state')).toMatch(/.{16,}/);
    if (provider === 'facebook') expect(q.get('code_challenge')).toBeNull();
    else expect([q.get('code_challenge_method'), q.get('code_challenge')?.length]).toEqual(['S256', 43]);
    const res = await finishFlow(flow);
    expect([res.status, res.headers.location]).toEqual([302, '/profile']);
    const me = await flow.agent.get('/api/me').expect(200);
    expect(me.body).toEqual({ id: expect.stringMatching(/^sub_/), email: u.email, roles: ['customer'], status: 'active' });
    const token = idp.seen.filter((s) => s.path === '/token').pop()!;
    if (provider !== 'facebook') expect(token.body?.code_verifier).toMatch(/.{43,}/);
    if (provider === 'facebook') expect(idp.seen.filter((s) => s.path === '/me').pop()!.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
  });

  it('brings a returning user back to the same account', async () => {
    const u = user();
    const first = await signIn(api, idp, 'google', u);
    const firstId = (await first.agent.get('/api/me')).body.id;
    const again = await signIn(api, idp, 'google', { ...u, name: 'Changed Name' });
    expect((await again.agent.get('/api/me')).body.id).toBe(firstId);
  });

  it('ends on an error page without a session when the state was tampered with', async () => {
    const flow = await startFlow(api, idp, 'google', user());
    const tampered = new URL(flow.callbackUrl);
    tampered.searchParams.set('state', 'forged-state-value');
    const res = await finishFlow(flow, tampered);
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-code="STATE_MISMATCH"');
    await flow.agent.get('/api/me').expect(401);
  });

  it('ends on an error page without a session when a code is replayed', async () => {
    const a = await startFlow(api, idp, 'google', user());
    await finishFlow(a).expect(302);
    const b = await startFlow(api, idp, 'google', user());
    const replay = new URL(b.callbackUrl);
    replay.searchParams.set('code', a.callbackUrl.searchParams.get('code')!);
    const res = await finishFlow(b, replay);
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-code="CODE_EXCHANGE_FAILED"');
    await b.agent.get('/api/me').expect(401);
  });

  it('ends on an error page without a session when the PKCE verifier does not match', async () => {
    const a = await startFlow(api, idp, 'linkedin', user());
    const b = await startFlow(api, idp, 'linkedin', user());
    // b's own state, but a code issued for a's code_challenge: b's verifier cannot match it
    const swapped = new URL(b.callbackUrl);
    swapped.searchParams.set('code', a.callbackUrl.searchParams.get('code')!);
    const res = await finishFlow(b, swapped);
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-code="CODE_EXCHANGE_FAILED"');
    await b.agent.get('/api/me').expect(401);
  });

  it('ends on an error page without a session when the person denies consent', async () => {
    idp.denyNext();
    const flow = await startFlow(api, idp, 'facebook', user());
    const res = await finishFlow(flow);
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-code="CONSENT_DENIED"');
    expect(res.text).toContain('You chose not to share your details');
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
    await flow.agent.get('/api/me').expect(401);
  });

  it('shows the account-exists page instead of linking a first sign-in whose email an account already holds', async () => {
    const owner = user();
    await signIn(api, idp, 'google', owner);
    const accounts = api.app.get(AccountsService);
    const someone = await signIn(api, idp, 'facebook', { sub: `fb-${owner.sub}`, email: owner.email, name: 'Not necessarily the owner' });
    expect(someone.response.status).toBe(409);
    expect(someone.response.text).toContain('data-code="ACCOUNT_EXISTS"');
    expect(someone.response.text).toContain('An account with this email address already exists');
    expect(someone.response.text).toContain('href="/auth/google"');
    await someone.agent.get('/api/me').expect(401);
    // a provider-verified address does not link either
    const verified = await signIn(api, idp, 'linkedin', { ...owner, sub: `li-${owner.sub}`, email_verified: true });
    expect(verified.response.status).toBe(409);
    expect(verified.response.text).toContain('data-code="ACCOUNT_EXISTS"');
    const nb = await signIn(api, idp, 'linkedin', { ...owner, sub: `li2-${owner.sub}` }, browserAgentNb());
    expect(nb.response.text).toContain('Du har allerede en konto');
    const [held] = await accounts.findByEmail(owner.email);
    expect((await api.app.get(IdentityService).list(held.id)).map((i) => i.provider)).toEqual(['google']);
  });

  it.each([
    ['a wrong audience', { aud: 'someone-elses-client' }],
    ['a wrong nonce', { nonce: 'not-the-nonce-we-sent' }],
    ['no nonce', { nonce: null }],
    ['a signature the JWKS does not publish', { wrongKey: true }],
    ['a wrong issuer', { iss: 'https://evil.example' }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['another subject', { sub: 'someone-else' }],
    ['no ID token at all', { omit: true }],
  ])('leaves no session when the ID token has %s', async (_label, tampering) => {
    for (const provider of ['google', 'linkedin'] as const) {
      const u = user();
      idp.tamperNextIdToken(tampering);
      const { agent, response } = await signIn(api, idp, provider, u);
      expect(response.status).toBe(400);
      expect(response.text).toContain('data-code="ID_TOKEN_INVALID"');
      await agent.get('/api/me').expect(401);
      expect(await api.app.get(AccountsService).findByEmail(u.email)).toHaveLength(0);
    }
  });

  it('sends a fresh nonce with every OpenID Connect attempt', async () => {
    const a = await startFlow(api, idp, 'google', user());
    const b = await startFlow(api, idp, 'linkedin', user());
    expect(a.authorizeUrl.searchParams.get('nonce')).toMatch(/.{16,}/);
    expect(b.authorizeUrl.searchParams.get('nonce')).toMatch(/.{16,}/);
    expect(a.authorizeUrl.searchParams.get('nonce')).not.toBe(b.authorizeUrl.searchParams.get('nonce'));
    expect(a.authorizeUrl.searchParams.get('prompt')).toBeNull();
  });

  it('lets a sign-in attempt (state, PKCE verifier, nonce) expire after 10 minutes', async () => {
    const flow = await startFlow(api, idp, 'google', user());
    (api.clock as ManualClock).advance(10 * 60_000 + 1000);
    const res = await finishFlow(flow);
    expect(res.status).toBe(400);
    expect(res.text).toContain('data-code="STATE_MISMATCH"');
    await flow.agent.get('/api/me').expect(401);
  });

  it('creates exactly one account when the same new person signs in five times at once', async () => {
    const u = user();
    const flows = await Promise.all(Array.from({ length: 5 }, () => startFlow(api, idp, 'google', u)));
    const results = await Promise.all(flows.map((f) => finishFlow(f)));
    expect(results.map((r) => r.status)).toEqual([302, 302, 302, 302, 302]);
    const ids = await Promise.all(flows.map(async (f) => (await f.agent.get('/api/me')).body.id));
    expect(new Set(ids).size).toBe(1);
    expect(await api.app.get(AccountsService).findByEmail(u.email)).toHaveLength(1);
  });

  it('gives a new session id at sign-in and ends it at sign-out', async () => {
    const flow = await startFlow(api, idp, 'google', user());
    const before = sessionCookie(flow.agent, api);
    expect(before).toBeDefined();
    await finishFlow(flow).expect(302);
    const after = sessionCookie(flow.agent, api);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    await flow.agent.post('/auth/logout').expect(204);
    await flow.agent.get('/api/me').expect(401);
  });

  it('stops a suspended account’s existing session on its next request', async () => {
    const { agent } = await signIn(api, idp, 'google', user());
    const me = (await agent.get('/api/me').expect(200)).body;
    const accounts = api.app.get(AccountsService);
    const account = (await accounts.findBySubjectId(me.id))!;
    await accounts.setStatus(account.id, 'suspended');
    await agent.get('/api/me').expect(401);
    await accounts.setStatus(account.id, 'active');
    await agent.get('/api/me').expect(401); // the session was destroyed, not merely paused
  });

  it('restricts a terminated account’s existing session to what closing allows', async () => {
    const { agent } = await signIn(api, idp, 'google', user());
    const me = (await agent.get('/api/me').expect(200)).body;
    const accounts = api.app.get(AccountsService);
    await accounts.setStatus((await accounts.findBySubjectId(me.id))!.id, 'terminated');
    const res = await agent.get('/api/identities').expect(403);
    expect(res.body.code).toBe('ACCOUNT_TERMINATED');
    expect((await agent.get('/api/me').expect(200)).body.status).toBe('terminated');
  });

  it('refuses a blocked account at sign-in with a clear page', async () => {
    const u = user();
    const { agent } = await signIn(api, idp, 'google', u);
    const accounts = api.app.get(AccountsService);
    await accounts.setStatus((await accounts.findBySubjectId((await agent.get('/api/me')).body.id))!.id, 'suspended');
    const again = await signIn(api, idp, 'google', u);
    expect(again.response.status).toBe(403);
    expect(again.response.text).toContain('data-code="ACCOUNT_BLOCKED"');
    await again.agent.get('/api/me').expect(401);
  });

  it('shows the enabled providers on the sign-in page and 404s a disabled one', async () => {
    const page = await browserAgent(api).get('/signin').set('Accept', 'text/html').expect(200);
    for (const p of ['google', 'facebook', 'linkedin']) expect(page.text).toContain(`href="/auth/${p}"`);
    const nb = await browserAgent(api).get('/signin').set('Accept-Language', 'nb-NO,nb;q=0.9').expect(200);
    expect(nb.text).toContain('Fortsett med Google');
    const api2 = await startApi({ env: idp.envFor(['google']) });
    try {
      const only = await browserAgent(api2).get('/signin').expect(200);
      expect(only.text).not.toContain('/auth/facebook');
      const res = await browserAgent(api2).get('/auth/facebook').set('Accept', 'application/json').expect(404);
      expect(res.body.code).toBe('PROVIDER_NOT_ENABLED');
    } finally {
      await api2.close();
    }
  });
});
