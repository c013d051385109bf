import { createHmac } from 'node:crypto';
import request from 'supertest';
import { JobQueue } from '../../src/core/queue/job-queue.service';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { FakeOAuthProvider, FAKE_CLIENTS } from '../support/fake-oauth-provider';
import { browserAgent } from '../support/http';
import { BrowserAgent, finishFlow, signIn, startFlow, stepUp } from '../support/sign-in';
import { startApi, TestApi } from '../support/test-app';
import { ErasureService } from '../../src/modules/erasure/erasure.service';

function signedRequest(payload: object, secret = FAKE_CLIENTS.facebook.secret): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${createHmac('sha256', secret).update(body).digest('base64url')}.${body}`;
}

describe('Linked accounts, roles and provider callbacks', () => {
  let idp: FakeOAuthProvider;
  let api: TestApi;
  let n = 0;
  const user = (over: Record<string, unknown> = {}) => ({
    sub: `acc-${++n}`,
    email: `member${n}@example.com`,
    email_verified: true,
    name: `Member ${n}`,
    ...over,
  });

  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    api = await startApi({ env: { ...idp.envFor(), ADMIN_EMAILS: 'boss@example.com', AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(async () => {
    await api.close();
    await idp.stop();
  });

  describe('linking', () => {
    it('links another provider while signed in, lists both, unlinks one but never the last', async () => {
      const me = user();
      const { agent } = await signIn(api, idp, 'google', me);
      await stepUp(api, idp, me, agent);
      const flow = await startFlow(api, idp, 'linkedin', user({ email: 'other-address@example.com' }), agent, '?link=1');
      const res = await finishFlow(flow);
      expect(res.headers.location).toBe('/profile#linked-accounts');
      const list = (await agent.get('/api/identities').expect(200)).body.items;
      expect(list.map((i: { provider: string }) => i.provider).sort()).toEqual(['google', 'linkedin']);
      expect(JSON.stringify(list)).not.toMatch(/token/i);
      await agent.delete('/api/identities/google').expect(204);
      const last = await agent.delete('/api/identities/linkedin').expect(409);
      expect(last.body.code).toBe('LAST_SIGN_IN_METHOD');
      expect((await agent.delete('/api/identities/facebook').expect(404)).body.code).toBe('IDENTITY_NOT_LINKED');
      expect((await agent.delete('/api/identities/myspace').expect(400)).body.errors[0].field).toBe('provider');
    });

    it('refuses to link an identity that belongs to another account', async () => {
      const taken = user();
      await signIn(api, idp, 'facebook', taken);
      const me = user();
      const { agent } = await signIn(api, idp, 'google', me);
      await stepUp(api, idp, me, agent);
      const res = await finishFlow(await startFlow(api, idp, 'facebook', taken, agent, '?link=1'));
      expect(res.status).toBe(409);
      expect(res.text).toContain('data-code="IDENTITY_IN_USE"');
      expect((await agent.get('/api/identities')).body.items).toHaveLength(1);
    });
  });

  describe('roles', () => {
    let customer: BrowserAgent;
    let agentUser: BrowserAgent;
    let admin: BrowserAgent;
    let customerId: string;

    beforeAll(async () => {
      const boss = user({ email: 'boss@example.com' });
      admin = (await signIn(api, idp, 'google', boss)).agent;
      await stepUp(api, idp, boss, admin);
      customer = (await signIn(api, idp, 'google', user())).agent;
      agentUser = (await signIn(api, idp, 'google', user())).agent;
      customerId = (await customer.get('/api/me')).body.id;
      const agentId = (await agentUser.get('/api/me')).body.id;
      await admin.put(`/api/admin/accounts/${agentId}/roles/agent`).expect(200);
    });

    it('makes an account admin when it signs in with a verified email listed in ADMIN_EMAILS', async () => {
      expect((await admin.get('/api/me')).body.roles).toEqual(['customer', 'admin']);
      const unverified = await signIn(api, idp, 'linkedin', user({ email: 'boss@example.com', email_verified: false }));
      // same email, held verified by the admin's account: the account-exists page, never an admin
      expect(unverified.response.status).toBe(409);
      expect(unverified.response.text).toContain('data-code="ACCOUNT_EXISTS"');
    });

    it.each([
      ['anonymous', 'GET', '/api/me', 401],
      ['customer', 'GET', '/api/me', 200],
      ['agent', 'GET', '/api/me', 200],
      ['admin', 'GET', '/api/me', 200],
      ['anonymous', 'GET', '/api/identities', 401],
      ['customer', 'GET', '/api/identities', 200],
      ['anonymous', 'PUT', '/api/admin/accounts/:customer/roles/agent', 401],
      ['customer', 'PUT', '/api/admin/accounts/:customer/roles/agent', 403],
      ['agent', 'PUT', '/api/admin/accounts/:customer/roles/agent', 403],
      ['admin', 'PUT', '/api/admin/accounts/:customer/roles/agent', 200],
      ['customer', 'DELETE', '/api/admin/accounts/:customer/roles/agent', 403],
      ['agent', 'DELETE', '/api/admin/accounts/:customer/roles/agent', 403],
      ['admin', 'DELETE', '/api/admin/accounts/:customer/roles/agent', 200],
    ])('%s %s %s → %i', async (who, method, path, status) => {
      const caller = { anonymous: browserAgent(api), customer, agent: agentUser, admin }[who]!;
      const url = path.replace(':customer', customerId);
      const res = await (method === 'GET' ? caller.get(url) : method === 'PUT' ? caller.put(url) : caller.delete(url));
      expect(res.status).toBe(status);
    });

    it('lets an admin grant and revoke the agent role, and the change shows at once', async () => {
      await admin.put(`/api/admin/accounts/${customerId}/roles/agent`).expect(200);
      expect((await customer.get('/api/me')).body.roles).toEqual(['customer', 'agent']);
      await admin.delete(`/api/admin/accounts/${customerId}/roles/agent`).expect(200);
      expect((await customer.get('/api/me')).body.roles).toEqual(['customer']);
      expect((await admin.put('/api/admin/accounts/sub_doesnotexist0/roles/agent').expect(404)).body.code).toBe('ACCOUNT_NOT_FOUND');
      expect((await admin.put(`/api/admin/accounts/${customerId}/roles/owner`).expect(400)).body.errors[0].field).toBe('role');
    });
  });

  describe('Facebook data deletion callback', () => {
    it('verifies the signed request, opens an erasure and answers with a status URL and confirmation code', async () => {
      const fbUser = user();
      await signIn(api, idp, 'facebook', fbUser);
      const res = await request(api.url)
        .post('/auth/facebook/data-deletion')
        .type('form')
        .send({ signed_request: signedRequest({ algorithm: 'HMAC-SHA256', user_id: fbUser.sub, issued_at: Math.floor(api.clock.now().getTime() / 1000) }) })
        .expect(200);
      expect(res.body).toEqual({ url: expect.stringContaining(`${api.url}/auth/facebook/data-deletion/status/`), confirmation_code: expect.any(String) });
      const status = await request(api.url).get(new URL(res.body.url).pathname).expect(200);
      expect(status.body.confirmation_code).toBe(res.body.confirmation_code);
      // the account is suspended at once (nobody signs in while it is erased) and its erasure is queued, reason provider
      const account = (await api.app.get(AccountsService).findByEmail(fbUser.email))[0];
      expect(account.status).toBe('suspended');
      const job = await api.app.get(JobQueue).raw.getJob(`erase:provider:${api.app.get(ErasureService).batchIdOf([account.id])}`);
      expect(job?.data).toEqual({ accountIds: [account.id], reason: 'provider' });
    });

    it('refuses a request not signed with the app secret, and changes nothing', async () => {
      const res = await request(api.url)
        .post('/auth/facebook/data-deletion')
        .type('form')
        .send({ signed_request: signedRequest({ algorithm: 'HMAC-SHA256', user_id: 'x' }, 'wrong-secret') })
        .expect(400);
      expect(res.body.code).toBe('INVALID_SIGNED_REQUEST');
      expect((await request(api.url).post('/auth/facebook/data-deletion').type('form').send({}).expect(400)).body.errors[0].field).toBe('signed_request');
      await request(api.url).get('/auth/facebook/data-deletion/status/doesnotexist1').expect(404);
    });
  });

  it('rate-limits sign-in routes per client', async () => {
    const strict = await startApi({ env: { ...idp.envFor(['google']), AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await request(strict.url).get('/auth/google')).status);
      expect(statuses).toEqual([302, 302, 302, 429, 429]);
      await request(strict.url).get('/health/live').expect(200);
    } finally {
      await strict.close();
    }
  });
});
