import { createHmac } from 'node:crypto';
import request from 'supertest';
import { ManualClock } from '../../src/core/clock/clock';
import { JobQueue } from '../../src/core/queue/job-queue.service';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { IdentityService } from '../../src/modules/identity/identity.service';
import { ProfileService } from '../../src/modules/profile/profile.service';
import { FakeOAuthProvider, FAKE_CLIENTS } from '../support/fake-oauth-provider';
import { signIn } from '../support/sign-in';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';
import { ErasureService } from '../../src/modules/erasure/erasure.service';

function signed(payload: unknown, secret = FAKE_CLIENTS.facebook.secret): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${createHmac('sha256', secret).update(body).digest('base64url')}.${body}`;
}

describe('Facebook data deletion callback', () => {
  let idp: FakeOAuthProvider;
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  const nowS = () => Math.floor(clock.now().getTime() / 1000);
  const post = (signed_request: string) => request(api.url).post('/auth/facebook/data-deletion').type('form').send({ signed_request });
  const accounts = () => api.app.get(AccountsService);
  const identity = () => api.app.get(IdentityService);

  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    idp.now = () => clock.now();
    sink = await SmtpSink.start();
    api = await startApi({ clock, env: { ...idp.envFor(), SMTP_URL: sink.url, AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
    worker = await startWorker(api.config, { clock });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await sink.stop();
    await idp.stop();
  });

  /** A person who signed up with Facebook (name from Facebook) and linked Google later. */
  async function facebookAndGoogle(tag: string) {
    const fb = { sub: `fb-${tag}`, email: `${tag}@example.com`, name: `Facebook Name ${tag}` };
    const { agent } = await signIn(api, idp, 'facebook', fb);
    const account = (await accounts().findBySubjectId((await agent.get('/api/me')).body.id))!;
    await identity().link(account.id, { provider: 'google', subject: `g-${tag}`, email: `${tag}@example.com`, emailVerified: true });
    return { agent, account, fb };
  }

  it('removes the Facebook sign-in and Facebook-sourced data, keeps an account that has another way in, and tells the person', async () => {
    const { agent, account, fb } = await facebookAndGoogle('both');
    await accounts().update(account.id, { emailVerified: true }); // the person confirmed the address themselves
    expect((await api.app.get(ProfileService).get(account)).name).toBe('Facebook Name both');
    const res = await post(signed({ algorithm: 'HMAC-SHA256', user_id: fb.sub, issued_at: nowS() })).expect(200);
    expect(res.body).toEqual({
      url: `${api.url}/auth/facebook/data-deletion/status/${res.body.confirmation_code}`,
      confirmation_code: expect.stringMatching(/^[A-Za-z0-9_-]{16,32}$/),
    });
    const after = (await accounts().findById(account.id))!;
    expect(after.status).toBe('active');
    expect((await identity().list(account.id)).map((i) => i.provider)).toEqual(['google']);
    expect((await api.app.get(ProfileService).get(after)).name ?? null).toBeNull();
    expect(await api.app.get(JobQueue).raw.getJob(`erase:${account.id}`)).toBeFalsy();
    await agent.get('/api/me').expect(200); // no erasure, the session stays
    const status = (await request(api.url).get(new URL(res.body.url).pathname).expect(200)).body;
    expect(status).toMatchObject({ confirmation_code: res.body.confirmation_code, account_still_exists: true, removed: ['identity.facebook', 'profile.name'] });
    expect(status.status).toMatch(/Facebook sign-in and the data we received from Facebook were removed/);
    const page = await request(api.url).get(new URL(res.body.url).pathname).set('Accept', 'text/html').set('Accept-Language', 'nb').expect(200);
    expect(page.text).toContain('data-state="identity-removed"');
    expect(page.text).toContain('Vi fjernet Facebook-innloggingen din');
    expect(page.text).toContain(res.body.confirmation_code);
    const notice = await sink.waitFor((m) => m.to.includes('both@example.com') && m.subject === 'Your Facebook sign-in and its data were removed');
    expect(notice.body).toContain('Your account stays');
  });

  it('drops an address only Facebook gave (never verified) along with the rest', async () => {
    const { account, fb } = await facebookAndGoogle('unverified');
    await post(signed({ algorithm: 'HMAC-SHA256', user_id: fb.sub, issued_at: nowS() })).expect(200);
    const after = (await accounts().findById(account.id))!;
    expect([after.status, after.email]).toEqual(['active', undefined]);
  });

  it('erases the whole account through the erasure path when Facebook was its last way in', async () => {
    const fb = { sub: 'fb-only', email: 'only@example.com', name: 'Only Facebook' };
    const { agent } = await signIn(api, idp, 'facebook', fb);
    const account = (await accounts().findBySubjectId((await agent.get('/api/me')).body.id))!;
    const res = await post(signed({ algorithm: 'HMAC-SHA256', user_id: fb.sub, issued_at: nowS() })).expect(200);
    const job = await api.app.get(JobQueue).raw.getJob(`erase:provider:${api.app.get(ErasureService).batchIdOf([account.id])}`);
    expect(job?.data).toEqual({ accountIds: [account.id], reason: 'provider' });
    const status = (await request(api.url).get(new URL(res.body.url).pathname).expect(200)).body;
    expect(status.status).toMatch(/^(in progress|completed)/);
  });

  it('honours each signed request once: a replay answers the same and changes nothing', async () => {
    const { account, fb } = await facebookAndGoogle('replay');
    const req = signed({ algorithm: 'HMAC-SHA256', user_id: fb.sub, issued_at: nowS() });
    const first = (await post(req).expect(200)).body;
    expect((await identity().list(account.id)).map((i) => i.provider)).toEqual(['google']);
    // the person links Facebook again; the old request, replayed, must not remove it
    await identity().link(account.id, { provider: 'facebook', subject: fb.sub, email: fb.email, emailVerified: false });
    const replays = await Promise.all([post(req), post(req), post(req)]);
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replays.map((r) => r.body.confirmation_code)).toEqual([first.confirmation_code, first.confirmation_code, first.confirmation_code]);
    expect((await identity().list(account.id)).map((i) => i.provider).sort()).toEqual(['facebook', 'google']);
  });

  it('refuses a stale or future signed request and changes nothing', async () => {
    const { account, fb } = await facebookAndGoogle('stale');
    for (const issued_at of [nowS() - 2 * 3600, nowS() + 3600]) {
      const res = await post(signed({ algorithm: 'HMAC-SHA256', user_id: fb.sub, issued_at })).expect(400);
      expect(res.body).toMatchObject({ code: 'SIGNED_REQUEST_STALE', errors: [{ field: 'signed_request' }] });
    }
    expect((await identity().list(account.id)).map((i) => i.provider).sort()).toEqual(['facebook', 'google']);
    expect((await accounts().findById(account.id))!.status).toBe('active');
  });

  it.each([
    ['a null payload', null],
    ['an array payload', [1, 2]],
    ['a string payload', 'hello'],
    ['no issued_at', { algorithm: 'HMAC-SHA256', user_id: 'x' }],
    ['a textual issued_at', { algorithm: 'HMAC-SHA256', user_id: 'x', issued_at: 'yesterday' }],
    ['another algorithm', { algorithm: 'none', user_id: 'x', issued_at: 1 }],
    ['no user_id', { algorithm: 'HMAC-SHA256', issued_at: 1 }],
  ])('answers 400 INVALID_SIGNED_REQUEST for %s', async (_label, payload) => {
    const res = await post(signed(payload)).expect(400);
    expect(res.body.code).toBe('INVALID_SIGNED_REQUEST');
  });

  it('answers 400 for a signed request that is not base64url JSON', async () => {
    const body = Buffer.from('not json').toString('base64url');
    const sig = createHmac('sha256', FAKE_CLIENTS.facebook.secret).update(body).digest('base64url');
    expect((await post(`${sig}.${body}`).expect(400)).body.code).toBe('INVALID_SIGNED_REQUEST');
    expect((await post('only-one-part').expect(400)).body.code).toBe('INVALID_SIGNED_REQUEST');
  });
});
